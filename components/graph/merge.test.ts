import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, GraphSnapshot } from '../../collectors/contracts';
import { EMPTY_FLOW } from './flow-types';
import { dropRoutes, mergeSnapshot, topologyKey } from './merge';

function node(id: string, rate = 1, errorRate = 0): GraphNode {
  return {
    id,
    label: id,
    kind: id === 'user' ? 'user' : 'service',
    requestRatePerSecond: rate,
    errorRate,
  };
}

function edge(source: string, target: string, rate = 1, p95 = 10): GraphEdge {
  return {
    id: `${source}->${target}`,
    source,
    target,
    connectionType: 'http',
    requestCount: 60,
    errorCount: 0,
    requestRatePerSecond: rate,
    errorRate: 0,
    latencyMs: { p50: p95 / 2, p95, p99: p95 * 2 },
    totalRequests: 600,
  };
}

function snapshot(nodes: GraphNode[], edges: GraphEdge[]): GraphSnapshot {
  return { generatedAtUnixMs: 1_700_000_000_000, windowSeconds: 60, nodes, edges };
}

// user ─► gateway ─► accounts
const base = snapshot(
  [node('user'), node('gateway', 5), node('accounts', 3)],
  [edge('user', 'gateway', 5), edge('gateway', 'accounts', 3)],
);

describe('mergeSnapshot', () => {
  it('lays out the first snapshot left to right with named, typed elements', () => {
    const flow = mergeSnapshot(EMPTY_FLOW, base);
    const x = (id: string) => flow.nodes.find((n) => n.id === id)!.position.x;
    expect(x('user')).toBeLessThan(x('gateway'));
    expect(x('gateway')).toBeLessThan(x('accounts'));
    const accounts = flow.nodes.find((n) => n.id === 'accounts')!;
    expect(accounts.type).toBe('service');
    expect(accounts.ariaLabel).toBe('service accounts, 3 requests per second, 0% errors');
    const gatewayToAccounts = flow.edges.find((e) => e.id === 'gateway->accounts')!;
    expect(gatewayToAccounts).toMatchObject({
      type: 'metrics',
      source: 'gateway',
      target: 'accounts',
    });
    expect(gatewayToAccounts.data?.p95Ms).toBe(10);
  });

  it('merges new figures without moving nodes, keeping positions the user dragged', () => {
    const first = mergeSnapshot(EMPTY_FLOW, base);
    // The user drags the gateway somewhere else (React Flow applies the change to state).
    const dragged = {
      ...first,
      nodes: first.nodes.map((n) =>
        n.id === 'gateway' ? { ...n, position: { x: 999, y: -40 } } : n,
      ),
    };
    const busier = snapshot(
      [node('user'), node('gateway', 9, 0.02), node('accounts', 7)],
      [edge('user', 'gateway', 9), edge('gateway', 'accounts', 7, 42)],
    );
    const next = mergeSnapshot(dragged, busier);

    for (const n of next.nodes) {
      expect(n.position).toEqual(dragged.nodes.find((d) => d.id === n.id)!.position);
    }
    expect(next.nodes.find((n) => n.id === 'gateway')!.data).toMatchObject({
      requestRatePerSecond: 9,
      errorRate: 0.02,
    });
    expect(next.edges.find((e) => e.id === 'gateway->accounts')!.data).toMatchObject({
      requestRatePerSecond: 7,
      p95Ms: 42,
    });
  });

  it('returns the same objects when no figure changed', () => {
    const first = mergeSnapshot(EMPTY_FLOW, base);
    const again = mergeSnapshot(first, {
      ...base,
      generatedAtUnixMs: base.generatedAtUnixMs + 1000,
    });
    expect(again).toBe(first);

    const oneChanged = mergeSnapshot(first, {
      ...base,
      nodes: base.nodes.map((n) => (n.id === 'accounts' ? node('accounts', 4) : n)),
    });
    expect(oneChanged).not.toBe(first);
    expect(oneChanged.nodes.find((n) => n.id === 'user')).toBe(
      first.nodes.find((n) => n.id === 'user'),
    );
    expect(oneChanged.edges).toEqual(first.edges);
    expect(oneChanged.edges[0]).toBe(first.edges[0]);
  });

  it('re-runs the layout when a node appears, but pinned nodes stay put', () => {
    const first = mergeSnapshot(EMPTY_FLOW, base);
    const moved = {
      ...first,
      nodes: first.nodes.map((n) =>
        n.id === 'accounts' ? { ...n, position: { x: 5, y: 500 } } : n,
      ),
    };
    // user ─► gateway ─► accounts
    //                └─► payments
    const grown = snapshot(
      [...base.nodes, node('payments', 2)],
      [...base.edges, edge('gateway', 'payments', 2)],
    );
    const next = mergeSnapshot(moved, grown, new Set(['accounts']));
    expect(next.topologyKey).not.toBe(first.topologyKey);
    expect(next.nodes.find((n) => n.id === 'accounts')!.position).toEqual({ x: 5, y: 500 });
    const payments = next.nodes.find((n) => n.id === 'payments')!;
    expect(payments.position.x).toBeGreaterThan(
      next.nodes.find((n) => n.id === 'gateway')!.position.x,
    );
    expect(next.edges.map((e) => e.id).sort()).toEqual([
      'gateway->accounts',
      'gateway->payments',
      'user->gateway',
    ]);
  });

  it('drops nodes and edges that left the snapshot', () => {
    const first = mergeSnapshot(EMPTY_FLOW, base);
    const shrunk = mergeSnapshot(
      first,
      snapshot([node('user'), node('gateway')], [edge('user', 'gateway')]),
    );
    expect(shrunk.nodes.map((n) => n.id).sort()).toEqual(['gateway', 'user']);
    expect(shrunk.edges.map((e) => e.id)).toEqual(['user->gateway']);
  });

  it('drops edges whose endpoints the snapshot does not list', () => {
    const flow = mergeSnapshot(EMPTY_FLOW, snapshot([node('a')], [edge('a', 'ghost')]));
    expect(flow.nodes).toHaveLength(1);
    expect(flow.edges).toHaveLength(0);
  });
});

describe('edge routes', () => {
  // user ─► gateway ─────────────► accounts
  //                └─► payments ──┘
  const bank = snapshot(
    [node('user'), node('gateway'), node('payments'), node('accounts')],
    [
      edge('user', 'gateway'),
      edge('gateway', 'accounts'),
      edge('gateway', 'payments'),
      edge('payments', 'accounts'),
    ],
  );
  const routeOf = (flow: ReturnType<typeof mergeSnapshot>, id: string) =>
    flow.edges.find((e) => e.id === id)!.data?.route;

  it('carries the layout route through figure-only updates', () => {
    const first = mergeSnapshot(EMPTY_FLOW, bank);
    const route = routeOf(first, 'gateway->accounts');
    expect(route?.points.length).toBeGreaterThan(3);
    const busier = mergeSnapshot(first, {
      ...bank,
      edges: bank.edges.map((e) =>
        e.id === 'gateway->accounts' ? edge('gateway', 'accounts', 9) : e,
      ),
    });
    expect(routeOf(busier, 'gateway->accounts')).toBe(route);
    expect(busier.edges.find((e) => e.id === 'gateway->accounts')!.data?.requestRatePerSecond).toBe(
      9,
    );
  });

  it('drops the routes of edges touching a dragged node, and only those', () => {
    const first = mergeSnapshot(EMPTY_FLOW, bank);
    const edges = dropRoutes(first.edges, new Set(['payments']));
    const byId = (id: string) => edges.find((e) => e.id === id)!;
    expect(byId('gateway->payments').data?.route).toBeUndefined();
    expect(byId('payments->accounts').data?.route).toBeUndefined();
    expect(byId('gateway->accounts')).toBe(first.edges.find((e) => e.id === 'gateway->accounts'));
    expect(dropRoutes(first.edges, new Set())).toBe(first.edges);
  });

  it('gives no fresh route to edges of a pinned node after a re-layout', () => {
    const first = mergeSnapshot(EMPTY_FLOW, bank);
    const grown = snapshot([...bank.nodes, node('kyc')], [...bank.edges, edge('gateway', 'kyc')]);
    const next = mergeSnapshot(first, grown, new Set(['accounts']));
    expect(routeOf(next, 'gateway->accounts')).toBeUndefined();
    expect(routeOf(next, 'gateway->kyc')).toBeDefined();
  });
});

describe('topologyKey', () => {
  it('ignores order but not membership', () => {
    const a = topologyKey([{ id: 'x' }, { id: 'y' }], [{ id: 'x->y' }]);
    expect(topologyKey([{ id: 'y' }, { id: 'x' }], [{ id: 'x->y' }])).toBe(a);
    expect(topologyKey([{ id: 'x' }, { id: 'y' }], [])).not.toBe(a);
  });
});

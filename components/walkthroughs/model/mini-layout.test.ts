import { describe, expect, it } from 'vitest';
import type { ConnectionType, GraphSnapshot, NodeKind } from '../../../collectors/contracts';
import { layoutMiniGraph, NODE_HEIGHT } from './mini-layout';

const edge = (source: string, target: string, connectionType: ConnectionType = 'http') => ({
  id: `${source}->${target}`,
  source,
  target,
  connectionType,
  requestCount: 1,
  errorCount: 0,
  requestRatePerSecond: 1,
  errorRate: 0,
  latencyMs: { p50: 1, p95: 1, p99: 1 },
  totalRequests: 1,
});
const node = (id: string, kind: NodeKind = 'service') => ({
  id,
  label: id,
  kind,
  requestRatePerSecond: 1,
  errorRate: 0,
});

const graph = {
  generatedAtUnixMs: 0,
  windowSeconds: 60,
  nodes: [node('user', 'user'), node('gateway'), node('payments'), node('notifications')],
  edges: [
    edge('user', 'gateway', 'virtual'),
    edge('gateway', 'payments'),
    edge('user', 'notifications', 'virtual'),
  ],
} satisfies GraphSnapshot;

describe('layoutMiniGraph', () => {
  it('marks highlighted nodes and edges and leaves out background user edges', () => {
    const layout = layoutMiniGraph(graph, { nodes: ['payments'], edges: ['gateway->payments'] });
    expect(layout.edges.map((e) => e.id).sort()).toEqual(['gateway->payments', 'user->gateway']);
    expect(layout.nodes.find((n) => n.id === 'payments')?.highlighted).toBe(true);
    expect(layout.nodes.find((n) => n.id === 'gateway')?.highlighted).toBe(false);
    expect(layout.edges.find((e) => e.id === 'gateway->payments')?.highlighted).toBe(true);
    const [a, b] = [
      layout.nodes.find((n) => n.id === 'gateway')!,
      layout.nodes.find((n) => n.id === 'payments')!,
    ];
    expect(b.y).toBeGreaterThan(a.y);
    // The edge runs from the gateway's border to the payments box's border, downwards.
    const e = layout.edges.find((x) => x.id === 'gateway->payments')!;
    expect(e.from.y).toBeCloseTo(a.y + NODE_HEIGHT / 2);
    expect(e.to.y).toBeCloseTo(b.y - NODE_HEIGHT / 2);
  });

  it('draws highlighted ids the live graph does not have yet, marked not live', () => {
    const layout = layoutMiniGraph(null, { nodes: [], edges: ['payments->topic:payments.events'] });
    expect(layout.nodes.map((n) => [n.id, n.kind, n.live])).toEqual([
      ['payments', 'service', false],
      ['topic:payments.events', 'topic', false],
    ]);
    expect(layout.edges[0]).toMatchObject({ highlighted: true, live: false, messaging: true });
    expect(layout.edges[0]!.to.y).toBeGreaterThan(layout.edges[0]!.from.y);
  });

  it('puts nodes it does not know in rows below the grid, never on top of each other', () => {
    const other = { ...graph, nodes: [...graph.nodes, node('shop-a'), node('shop-b')] };
    const layout = layoutMiniGraph(other, { nodes: [], edges: [] });
    const spots = layout.nodes.map((n) => `${n.x},${n.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    const shop = layout.nodes.find((n) => n.id === 'shop-a')!;
    expect(
      Math.max(...layout.nodes.filter((n) => !n.id.startsWith('shop')).map((n) => n.y)),
    ).toBeLessThan(shop.y);
    expect(layout.height).toBeGreaterThan(shop.y);
  });
});

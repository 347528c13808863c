import { describe, expect, it } from 'vitest';
import { type GraphEdge, GraphSnapshot } from '../contracts/graph';
import type { Span } from '../contracts/traces';
import { at, fixtureSpan } from './fixture-spans';
import { ServiceGraph } from './service-graph';

function graphWithClock(startMs = at(0), options: { maxPending?: number } = {}) {
  const clock = { now: startMs };
  const graph = new ServiceGraph({ clock: () => clock.now, ...options });
  return { graph, clock };
}

function edge(snapshot: GraphSnapshot, id: string): GraphEdge | undefined {
  return snapshot.edges.find((e) => e.id === id);
}

/**
 *   user
 *    └─ gateway   A  SERVER  GET /transfer       0..100 ms
 *        ├─ gateway   B  CLIENT  POST /debit      10..40
 *        │   └─ accounts  C  SERVER  POST /debit  15..35   (20 ms)
 *        └─ gateway   D  CLIENT  POST /charge     50..90   ERROR
 *            └─ payments  E  SERVER  POST /charge 55..85   (30 ms)
 */
const transferTrace: Span[] = [
  fixtureSpan({ id: 'a', service: 'gateway', kind: 'server', start: 0, end: 100 }),
  fixtureSpan({ id: 'b', parent: 'a', service: 'gateway', kind: 'client', start: 10, end: 40 }),
  fixtureSpan({ id: 'c', parent: 'b', service: 'accounts', kind: 'server', start: 15, end: 35 }),
  fixtureSpan({
    id: 'd',
    parent: 'a',
    service: 'gateway',
    kind: 'client',
    start: 50,
    end: 90,
    status: 'error',
  }),
  fixtureSpan({ id: 'e', parent: 'd', service: 'payments', kind: 'server', start: 55, end: 85 }),
];

describe('ServiceGraph: client/server pairs', () => {
  it('pairs client and server halves into edges with the caller’s latency and either-side errors', () => {
    const { graph } = graphWithClock();
    graph.consume(transferTrace);
    const snapshot = GraphSnapshot.parse(graph.snapshot());

    expect(edge(snapshot, 'user->gateway')).toMatchObject({
      source: 'user',
      target: 'gateway',
      connectionType: 'virtual',
      requestCount: 1,
      latencyMs: { p50: 100, p95: 100, p99: 100 },
    });
    expect(edge(snapshot, 'gateway->accounts')).toMatchObject({
      connectionType: 'http',
      requestCount: 1,
      errorCount: 0,
      errorRate: 0,
      // B waited 30 ms (10..40) for C's 20 ms of work.
      latencyMs: { p50: 30, p95: 30, p99: 30 },
      totalRequests: 1,
    });
    expect(edge(snapshot, 'gateway->payments')).toMatchObject({
      requestCount: 1,
      errorCount: 1,
      errorRate: 1,
      latencyMs: { p50: 40 },
    });
    expect(snapshot.edges).toHaveLength(3);
    expect(graph.stats().pending).toBe(0);

    const nodes = Object.fromEntries(snapshot.nodes.map((n) => [n.id, n]));
    expect(nodes.user?.kind).toBe('user');
    // One request each, observed within the first second of the collector's life.
    expect(nodes.gateway).toMatchObject({ kind: 'service', requestRatePerSecond: 1 });
    expect(nodes.accounts).toMatchObject({ kind: 'service', requestRatePerSecond: 1 });
    expect(Object.keys(nodes).sort()).toEqual(['accounts', 'gateway', 'payments', 'user']);
  });

  it('gives the same graph when the server halves arrive before the client halves', () => {
    const { graph } = graphWithClock();
    graph.consume([...transferTrace].reverse());
    const snapshot = graph.snapshot();
    expect(snapshot.edges.map((e) => `${e.id}:${e.requestCount}:${e.errorCount}`).sort()).toEqual([
      'gateway->accounts:1:0',
      'gateway->payments:1:1',
      'user->gateway:1:0',
    ]);
  });

  /**
   *   orders  P  PRODUCER  publish payment.requested   0..2   (no destination name)
   *    └─ payments  Q  CONSUMER  process              30..45
   */
  it('pairs producer and consumer spans without a destination as a messaging edge', () => {
    const { graph } = graphWithClock();
    graph.consume([
      fixtureSpan({ id: 'p', parent: 'x', service: 'orders', kind: 'producer', start: 0, end: 2 }),
      fixtureSpan({
        id: 'q',
        parent: 'p',
        service: 'payments',
        kind: 'consumer',
        start: 30,
        end: 45,
      }),
    ]);
    expect(edge(graph.snapshot(), 'orders->payments')).toMatchObject({
      connectionType: 'messaging',
      requestCount: 1,
      latencyMs: { p50: 15 },
    });
  });

  /**
   *   lending  P  PRODUCER  messaging.destination.name=lending.events      0..2
   *    ├─ accounts       Q  CONSUMER  lending.events                      10..30
   *    └─ notifications  R  CONSUMER  lending.events (error)              12..16
   */
  it('routes messaging spans that name a topic through the topic node, fan-out included', () => {
    const { graph } = graphWithClock();
    const topic = { 'messaging.destination.name': 'lending.events' };
    graph.consume([
      fixtureSpan({
        id: 'q',
        parent: 'p',
        service: 'accounts',
        kind: 'consumer',
        start: 10,
        end: 30,
        attributes: topic,
      }),
      fixtureSpan({
        id: 'p',
        parent: 'x',
        service: 'lending',
        kind: 'producer',
        start: 0,
        end: 2,
        attributes: topic,
      }),
      fixtureSpan({
        id: 'r',
        parent: 'p',
        service: 'notifications',
        kind: 'consumer',
        start: 12,
        end: 16,
        status: 'error',
        attributes: topic,
      }),
    ]);
    const snapshot = graph.snapshot();
    expect(snapshot.edges.map((e) => `${e.id}:${e.requestCount}:${e.errorCount}`).sort()).toEqual([
      'lending->topic:lending.events:1:0',
      'topic:lending.events->accounts:1:0',
      'topic:lending.events->notifications:1:1',
    ]);
    expect(edge(snapshot, 'topic:lending.events->accounts')).toMatchObject({
      connectionType: 'messaging',
      latencyMs: { p50: 20 },
    });
    expect(snapshot.nodes.find((n) => n.id === 'topic:lending.events')).toMatchObject({
      kind: 'topic',
      label: 'lending.events',
    });
    // Nothing waits for a partner: no later expiry adds an edge.
    expect(graph.stats().pending).toBe(0);
  });
});

/**
 *   gateway  A  SERVER (root)
 *    ├─ gateway  B  CLIENT  peer.service=partner-bank              (no server half)
 *    ├─ gateway  C  CLIENT  db.system=postgresql db.name=ledger     (no server half)
 *    ├─ gateway  D  PRODUCER messaging.destination.name=transfers   (no consumer half)
 *    ├─ gateway  E  CLIENT  server.address=api.example.com, http    (no server half)
 *    ├─ gateway  F  CLIENT  no attributes                          (no server half)
 *    └─ (uninstrumented caller Z) -> accounts  G  SERVER            (no client half)
 */
const unmatchedTrace: Span[] = [
  fixtureSpan({ id: 'a', service: 'gateway', kind: 'server', start: 0, end: 100 }),
  fixtureSpan({
    id: 'b',
    parent: 'a',
    service: 'gateway',
    kind: 'client',
    start: 1,
    end: 11,
    attributes: { 'peer.service': 'partner-bank', 'http.request.method': 'POST' },
  }),
  fixtureSpan({
    id: 'c',
    parent: 'a',
    service: 'gateway',
    kind: 'client',
    start: 2,
    end: 5,
    attributes: { 'db.system': 'postgresql', 'db.name': 'ledger' },
  }),
  fixtureSpan({
    id: 'd',
    parent: 'a',
    service: 'gateway',
    kind: 'producer',
    start: 3,
    end: 4,
    attributes: { 'messaging.destination.name': 'transfers' },
  }),
  fixtureSpan({
    id: 'e',
    parent: 'a',
    service: 'gateway',
    kind: 'client',
    start: 4,
    end: 24,
    status: 'error',
    attributes: { 'server.address': 'api.example.com', 'http.request.method': 'GET' },
  }),
  fixtureSpan({ id: 'f', parent: 'a', service: 'gateway', kind: 'client', start: 5, end: 6 }),
  fixtureSpan({ id: 'g', parent: 'z', service: 'accounts', kind: 'server', start: 7, end: 8 }),
];

describe('ServiceGraph: unmatched halves', () => {
  it('keeps unmatched halves waiting, then turns clients into edges to virtual nodes', () => {
    const { graph, clock } = graphWithClock();
    graph.consume(unmatchedTrace);
    clock.now += 9_999;
    // The producer names its topic: that edge needs no partner.
    expect(graph.snapshot().edges.map((e) => e.id)).toEqual([
      'user->gateway',
      'gateway->topic:transfers',
    ]);
    expect(graph.stats().pending).toBe(5);

    clock.now += 1;
    const snapshot = GraphSnapshot.parse(graph.snapshot());
    const byId = Object.fromEntries(snapshot.edges.map((e) => [e.id, e]));
    expect(byId['gateway->partner-bank']).toMatchObject({
      connectionType: 'http',
      latencyMs: { p50: 10 },
    });
    expect(byId['gateway->database:ledger']?.connectionType).toBe('database');
    expect(byId['gateway->topic:transfers']?.connectionType).toBe('messaging');
    expect(byId['gateway->external:api.example.com']).toMatchObject({
      connectionType: 'http',
      errorCount: 1,
      latencyMs: { p50: 20 },
    });
    expect(snapshot.edges).toHaveLength(5);

    const kinds = Object.fromEntries(snapshot.nodes.map((n) => [n.id, [n.label, n.kind]]));
    expect(kinds).toMatchObject({
      'partner-bank': ['partner-bank', 'external'],
      'database:ledger': ['ledger', 'database'],
      'topic:transfers': ['transfers', 'topic'],
      'external:api.example.com': ['api.example.com', 'external'],
      accounts: ['accounts', 'service'],
    });
    // F had no name for a peer and G had no client: both expired without an edge.
    expect(graph.stats()).toMatchObject({ pending: 0, expiredUnpaired: 2 });
  });

  it('bounds the pending store, dropping the oldest halves and counting them', () => {
    const { graph } = graphWithClock(at(0), { maxPending: 2 });
    graph.consume(
      ['1', '2', '3'].map((id) =>
        fixtureSpan({ id, parent: 'a', service: 'gateway', kind: 'client', start: 0, end: 1 }),
      ),
    );
    expect(graph.stats()).toMatchObject({ pending: 2, droppedPending: 1 });
    // The dropped half (span 1) can no longer pair; span 3 still can.
    graph.consume([
      fixtureSpan({ id: 's1', parent: '1', service: 'accounts', kind: 'server', start: 0, end: 1 }),
      fixtureSpan({ id: 's3', parent: '3', service: 'accounts', kind: 'server', start: 0, end: 1 }),
    ]);
    expect(edge(graph.snapshot(), 'gateway->accounts')?.requestCount).toBe(1);
  });
});

/** Many copies of:  gateway CLIENT c<i>  └─ accounts SERVER s<i> (durationMs[i]). */
function pairs(durationsMs: number[], traceNo = 0): Span[] {
  return durationsMs.flatMap((duration, i) => {
    const traceId = (traceNo * 1_000_000 + i + 1).toString(16).padStart(32, '0');
    return [
      fixtureSpan({
        traceId,
        id: `c${i}`,
        parent: 'r',
        service: 'gateway',
        kind: 'client',
        start: 0,
        end: duration,
      }),
      fixtureSpan({
        traceId,
        id: `s${i}`,
        parent: `c${i}`,
        service: 'accounts',
        kind: 'server',
        start: 0,
        end: duration,
      }),
    ];
  });
}

describe('ServiceGraph: rolling window', () => {
  it('reports latency percentiles within 2% over the window', () => {
    const { graph } = graphWithClock();
    graph.consume(pairs(Array.from({ length: 1000 }, (_, i) => (i + 1) / 10))); // 0.1..100 ms
    const latency = edge(graph.snapshot(), 'gateway->accounts')!.latencyMs;
    expect(Math.abs(latency.p50 - 50) / 50).toBeLessThan(0.02);
    expect(Math.abs(latency.p95 - 95) / 95).toBeLessThan(0.02);
    expect(Math.abs(latency.p99 - 99) / 99).toBeLessThan(0.02);
  });

  it('ages requests out of the window but keeps the total since start', () => {
    const { graph, clock } = graphWithClock();
    graph.consume(pairs(Array.from({ length: 30 }, () => 5)));
    clock.now += 30_000;
    expect(edge(graph.snapshot(), 'gateway->accounts')).toMatchObject({
      requestCount: 30,
      requestRatePerSecond: 1, // 30 requests in the 30 s observed so far
      totalRequests: 30,
    });

    clock.now += 31_000; // the first bucket has left the 60 s window
    expect(edge(graph.snapshot(), 'gateway->accounts')).toBeUndefined();

    graph.consume(pairs([5], 1));
    expect(edge(graph.snapshot(), 'gateway->accounts')).toMatchObject({
      requestCount: 1,
      totalRequests: 31,
    });
  });

  it('divides by the time observed until a whole window has passed, then by the window', () => {
    const { graph, clock } = graphWithClock();
    // 5 requests a second for 5 seconds, right after the collector started.
    for (let second = 0; second < 5; second++) {
      graph.consume(pairs([5, 5, 5, 5, 5], second));
      clock.now += 1000;
    }
    expect(edge(graph.snapshot(), 'gateway->accounts')!.requestRatePerSecond).toBeCloseTo(5);
    clock.now += 50_000; // 55 s observed, all 25 requests still inside the window
    expect(edge(graph.snapshot(), 'gateway->accounts')!.requestRatePerSecond).toBeCloseTo(25 / 55);
    clock.now += 15_000; // 70 s observed: the divisor stops at the 60 s window
    graph.consume(
      pairs(
        Array.from({ length: 60 }, () => 5),
        9,
      ),
    );
    expect(edge(graph.snapshot(), 'gateway->accounts')!.requestRatePerSecond).toBeCloseTo(1);
  });

  it('drops services that reported nothing for a whole window from the nodes', () => {
    const { graph, clock } = graphWithClock();
    graph.consume([fixtureSpan({ id: 'i', service: 'batch', kind: 'internal', start: 0, end: 1 })]);
    expect(graph.snapshot().nodes.map((n) => n.id)).toEqual(['batch']);
    clock.now += 61_000;
    expect(graph.snapshot().nodes).toEqual([]);
  });
});

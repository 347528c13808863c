import type { GraphEdge, GraphNode, GraphSnapshot } from '../../collectors/contracts';

/**
 * A synthetic service graph for load checks (the dev-only /dev/graph-load route and the
 * bench): `services` services behind a gateway in layers, each calling two or three services of
 * the next layer and some a database or topic. Deterministic for a seed; `tick` moves the
 * figures (rates, errors, p95) without changing the topology, as live updates do.
 */
export interface SyntheticOptions {
  services: number;
  seed?: number;
}

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

export interface SyntheticTopology {
  nodes: Pick<GraphNode, 'id' | 'label' | 'kind'>[];
  edges: Pick<GraphEdge, 'id' | 'source' | 'target' | 'connectionType'>[];
}

export function syntheticTopology({ services, seed = 7 }: SyntheticOptions): SyntheticTopology {
  const next = random(seed);
  const nodes: SyntheticTopology['nodes'] = [
    { id: 'user', label: 'user', kind: 'user' },
    { id: 'gateway', label: 'gateway', kind: 'service' },
  ];
  const edges: SyntheticTopology['edges'] = [];
  const edge = (source: string, target: string, connectionType: GraphEdge['connectionType']) =>
    edges.push({ id: `${source}->${target}`, source, target, connectionType });
  edge('user', 'gateway', 'virtual');
  const perLayer = Math.max(2, Math.ceil(Math.sqrt(services)));
  let previous = ['gateway'];
  let made = 1;
  while (made < services) {
    const layer: string[] = [];
    for (let i = 0; i < perLayer && made < services; i++, made++) {
      const id = `svc-${String(made).padStart(2, '0')}`;
      nodes.push({ id, label: id, kind: 'service' });
      layer.push(id);
    }
    for (const target of layer) {
      const callers = new Set([previous[Math.floor(next() * previous.length)]!]);
      if (next() < 0.5) callers.add(previous[Math.floor(next() * previous.length)]!);
      for (const source of callers) edge(source, target, 'http');
    }
    previous = layer;
  }
  // Every sixth service owns a database.
  for (const node of nodes.filter((n) => n.id.startsWith('svc-')).filter((_, i) => i % 6 === 0)) {
    const db = `${node.id}-db`;
    nodes.push({ id: db, label: db, kind: 'database' });
    edge(node.id, db, 'database');
  }
  return { nodes, edges };
}

/** The topology with figures for update number `tick` (10 a second in the load check). */
export function syntheticSnapshot(topology: SyntheticTopology, tick: number): GraphSnapshot {
  const wave = (i: number) => 0.5 + 0.5 * Math.sin(tick / 10 + i);
  return {
    generatedAtUnixMs: 1_700_000_000_000 + tick * 100,
    windowSeconds: 60,
    nodes: topology.nodes.map((node, i) => ({
      ...node,
      requestRatePerSecond: node.kind === 'service' ? Math.round(200 * wave(i)) / 10 : 0,
      errorRate: i % 9 === 0 ? Math.round(100 * wave(i + 1) * 0.1) / 100 : 0,
    })),
    edges: topology.edges.map((edge, i) => {
      const rate = Math.round(150 * wave(i)) / 10;
      const requestCount = Math.round(rate * 60);
      const errorRate = i % 7 === 0 ? Math.round(100 * wave(i + 2) * 0.12) / 100 : 0;
      return {
        ...edge,
        requestCount,
        errorCount: Math.round(requestCount * errorRate),
        requestRatePerSecond: rate,
        errorRate,
        latencyMs: { p50: 5 + (i % 5), p95: 20 + Math.round(40 * wave(i + 3)), p99: 90 },
        totalRequests: requestCount + tick,
      };
    }),
  };
}

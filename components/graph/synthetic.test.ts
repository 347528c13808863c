import { describe, expect, it } from 'vitest';
import { GraphSnapshot } from '../../collectors/contracts';
import { EMPTY_FLOW } from './flow-types';
import { mergeSnapshot } from './merge';
import { syntheticSnapshot, syntheticTopology } from './synthetic';

/*
 * The graph with 50 services and 10 updates a second: every update merges without a re-layout
 * (positions never move), and objects whose figures did not change are reused. Timing is
 * measured by `npm run bench` (graph load), not asserted here.
 */
describe('synthetic 50-service graph under live updates', () => {
  const topology = syntheticTopology({ services: 50 });

  it('has 50 services behind a gateway, and snapshots that honour the contract', () => {
    const services = topology.nodes.filter((node) => node.kind === 'service');
    expect(services).toHaveLength(50);
    expect(GraphSnapshot.safeParse(syntheticSnapshot(topology, 3)).success).toBe(true);
    const ids = new Set(topology.nodes.map((node) => node.id));
    for (const edge of topology.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
  });

  it('keeps every position through 100 updates (10 s of live figures)', () => {
    let flow = mergeSnapshot(EMPTY_FLOW, syntheticSnapshot(topology, 0));
    const positions = new Map(flow.nodes.map((node) => [node.id, node.position]));
    const key = flow.topologyKey;
    for (let tick = 1; tick <= 100; tick++) {
      flow = mergeSnapshot(flow, syntheticSnapshot(topology, tick));
      expect(flow.topologyKey).toBe(key);
    }
    for (const node of flow.nodes) expect(node.position).toBe(positions.get(node.id));
  });

  it('reuses the objects of nodes whose figures did not change', () => {
    const first = mergeSnapshot(EMPTY_FLOW, syntheticSnapshot(topology, 0));
    const again = mergeSnapshot(first, syntheticSnapshot(topology, 0));
    expect(again).toBe(first);
    const next = mergeSnapshot(first, syntheticSnapshot(topology, 1));
    const databases = next.nodes.filter((node) => node.data.kind === 'database');
    expect(databases.length).toBeGreaterThan(0);
    for (const node of databases) {
      expect(node).toBe(first.nodes.find((candidate) => candidate.id === node.id));
    }
  });
});

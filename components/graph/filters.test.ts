import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersActive, visibility } from './filters';

/*
 *  user ──► gateway ──► accounts ──► postgres (database)
 *                  └──► kyc (idle edge)
 */
const node = (id: string, kind: 'user' | 'service' | 'gateway' | 'database', rate = 0) => ({
  id,
  label: id,
  kind,
  requestRatePerSecond: rate,
  errorRate: 0,
});
const nodes = [
  node('user', 'user'),
  node('gateway', 'gateway', 4),
  node('accounts', 'service', 3),
  node('postgres', 'database'),
  node('kyc', 'service'),
];
const edge = (source: string, target: string, rate: number) => ({
  id: `${source}->${target}`,
  source,
  target,
  requestRatePerSecond: rate,
});
const edges = [
  edge('user', 'gateway', 4),
  edge('gateway', 'accounts', 3),
  edge('accounts', 'postgres', 2),
  edge('gateway', 'kyc', 0),
];

describe('visibility', () => {
  it('hides nothing by default', () => {
    const seen = visibility(nodes, edges, DEFAULT_FILTERS);
    expect(seen.hiddenNodes.size + seen.hiddenEdges.size).toBe(0);
    expect(filtersActive(DEFAULT_FILTERS)).toBe(false);
  });

  it('hides a node kind and the edges that touch it', () => {
    const seen = visibility(nodes, edges, {
      ...DEFAULT_FILTERS,
      hiddenKinds: new Set(['database']),
    });
    expect([...seen.hiddenNodes]).toEqual(['postgres']);
    expect([...seen.hiddenEdges]).toEqual(['accounts->postgres']);
  });

  it('hides idle nodes and edges, but not virtual nodes that carry traffic', () => {
    const seen = visibility(nodes, edges, { ...DEFAULT_FILTERS, hideIdle: true });
    expect([...seen.hiddenNodes]).toEqual(['kyc']);
    expect([...seen.hiddenEdges]).toEqual(['gateway->kyc']);
  });

  it('keeps search matches and their neighbours', () => {
    const seen = visibility(nodes, edges, { ...DEFAULT_FILTERS, query: ' ACC' });
    expect([...seen.matches]).toEqual(['accounts']);
    expect([...seen.hiddenNodes].sort()).toEqual(['kyc', 'user']);
    expect(filtersActive({ ...DEFAULT_FILTERS, query: 'acc' })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { NodeKind } from '../../collectors/contracts';
import { edgeTracesHref, nodeTracesHref } from './trace-link';

/*
 *  user ──► gateway ──► accounts ──► postgres (database)
 */
const kinds: Record<string, NodeKind> = {
  user: 'user',
  gateway: 'service',
  accounts: 'service',
  postgres: 'database',
};
const kindOf = (id: string) => kinds[id];
const edges = [
  { source: 'user', target: 'gateway' },
  { source: 'gateway', target: 'accounts' },
  { source: 'accounts', target: 'postgres' },
];

describe('graph → traces links', () => {
  it('filters by the clicked service, or the target of a clicked edge', () => {
    expect(nodeTracesHref('accounts', 'service', edges, kindOf)).toBe('/traces?service=accounts');
    expect(edgeTracesHref({ source: 'gateway', target: 'accounts' }, kindOf)).toBe(
      '/traces?service=accounts',
    );
  });

  it('uses the service at the other end for virtual nodes and edges into them', () => {
    expect(nodeTracesHref('postgres', 'database', edges, kindOf)).toBe('/traces?service=accounts');
    expect(nodeTracesHref('user', 'user', edges, kindOf)).toBe('/traces?service=gateway');
    expect(edgeTracesHref({ source: 'accounts', target: 'postgres' }, kindOf)).toBe(
      '/traces?service=accounts',
    );
  });

  it('escapes names and falls back to the unfiltered search', () => {
    expect(nodeTracesHref('a b&c', 'service', [], kindOf)).toBe('/traces?service=a%20b%26c');
    expect(nodeTracesHref('lonely', 'external', [], kindOf)).toBe('/traces');
  });
});

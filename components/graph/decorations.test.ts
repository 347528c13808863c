import { describe, expect, it } from 'vitest';
import {
  breakerStatesByEdge,
  displayKind,
  mtlsEdges,
  rolesByService,
  type TopologyFacts,
} from './decorations';
import { parseEdgeMetric } from './edge-metric';

const breaker = (service: string, peer: string, state: 'closed' | 'open' | 'half_open') => ({
  service,
  name: `${peer}-breaker`,
  peer,
  state,
});

describe('breakerStatesByEdge', () => {
  it('puts each breaker on the edge from its service to its peer', () => {
    const states = breakerStatesByEdge([
      breaker('payments', 'partner-bank', 'open'),
      breaker('gateway', 'accounts', 'half_open'),
    ]);
    expect(states.get('payments->partner-bank')).toBe('open');
    expect(states.get('gateway->accounts')).toBe('half_open');
    expect(states.get('partner-bank->payments')).toBeUndefined();
  });

  it('falls back to the breaker name without a peer, and the worst state wins on one edge', () => {
    const states = breakerStatesByEdge([
      { service: 'payments', name: 'accounts', peer: '', state: 'closed' },
      breaker('payments', 'accounts', 'half_open'),
      breaker('payments', 'accounts', 'closed'),
    ]);
    expect(states.get('payments->accounts')).toBe('half_open');
  });
});

const topology: TopologyFacts = {
  services: [
    { name: 'gateway', role: 'entry', sidecar: null },
    {
      name: 'payments',
      role: 'mesh',
      sidecar: {
        upstreams: [
          { name: 'accounts', mtls: true },
          { name: 'partner-bank', mtls: false },
        ],
      },
    },
    { name: 'partner-bank', role: 'external', sidecar: null },
  ],
};

describe('mtlsEdges', () => {
  it('lists only the upstreams a sidecar reaches over mTLS', () => {
    expect([...mtlsEdges(topology)]).toEqual(['payments->accounts']);
    expect(mtlsEdges(null).size).toBe(0);
  });
});

describe('displayKind', () => {
  const roles = rolesByService(topology);
  it('draws the entry service as the gateway and external services as external', () => {
    expect(displayKind('gateway', 'service', roles)).toBe('gateway');
    expect(displayKind('partner-bank', 'service', roles)).toBe('external');
    expect(displayKind('payments', 'service', roles)).toBe('service');
  });

  it('keeps virtual kinds, and knows the gateway by name before the topology answers', () => {
    expect(displayKind('ledger', 'database', roles)).toBe('database');
    expect(displayKind('gateway', 'service', new Map())).toBe('gateway');
    expect(displayKind('accounts', 'service', new Map())).toBe('service');
  });
});

describe('parseEdgeMetric', () => {
  it('reads stored metrics and falls back to rate', () => {
    expect(parseEdgeMetric('p95')).toBe('p95');
    expect(parseEdgeMetric('errors')).toBe('errors');
    expect(parseEdgeMetric(null)).toBe('rate');
    expect(parseEdgeMetric('latency')).toBe('rate');
  });
});

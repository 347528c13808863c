import { describe, expect, it } from 'vitest';
import type { GraphSnapshot, RedSnapshot } from '../../collectors/contracts';
import { RedHistory } from './history';

const latency = { p50: 4, p95: 12, p99: 20 };

const graph = (t: number, rate: number): GraphSnapshot => ({
  generatedAtUnixMs: t,
  windowSeconds: 60,
  nodes: [
    {
      id: 'accounts',
      label: 'accounts',
      kind: 'service',
      requestRatePerSecond: rate,
      errorRate: 0.1,
    },
  ],
  edges: [
    {
      id: 'gateway->accounts',
      source: 'gateway',
      target: 'accounts',
      connectionType: 'http',
      requestCount: 10,
      errorCount: 1,
      requestRatePerSecond: rate,
      errorRate: 0.1,
      latencyMs: latency,
      totalRequests: 10,
    },
  ],
});

const red = (t: number): RedSnapshot => ({
  generatedAtUnixMs: t,
  windowSeconds: 60,
  services: [
    {
      service: 'accounts',
      requestRatePerSecond: 3,
      errorRate: 0.5,
      requestCount: 4,
      errorCount: 2,
      latencyMs: latency,
      totalRequests: 4,
      totalErrors: 2,
    },
  ],
  operations: [],
});

describe('RedHistory', () => {
  it('records nodes and edges from graph messages and services from red messages', () => {
    const history = new RedHistory();
    history.recordMessage({ v: 1, type: 'graph', data: graph(1000, 2) });
    history.recordMessage({ v: 1, type: 'red', data: red(1000) });
    expect(history.get('node:accounts')).toEqual([
      { t: 1000, ratePerSecond: 2, errorRate: 0.1, p95Ms: null },
    ]);
    expect(history.get('edge:gateway->accounts')).toEqual([
      { t: 1000, ratePerSecond: 2, errorRate: 0.1, p95Ms: 12 },
    ]);
    expect(history.get('service:accounts')).toEqual([
      { t: 1000, ratePerSecond: 3, errorRate: 0.5, p95Ms: 12 },
    ]);
    expect(history.get('node:unknown')).toEqual([]);
  });

  it('keeps at most one sample per interval and the newest maxSamples', () => {
    const history = new RedHistory({ maxSamples: 3, minIntervalMs: 1000 });
    for (const t of [0, 500, 1000, 2000, 2999, 3000, 4000]) {
      history.recordMessage({ v: 1, type: 'graph', data: graph(t, t) });
    }
    expect(history.get('node:accounts').map((s) => s.t)).toEqual([2000, 3000, 4000]);
  });

  it('keeps the array identity while nothing is added, and tells subscribers only on change', () => {
    const history = new RedHistory({ minIntervalMs: 1000 });
    let calls = 0;
    const unsubscribe = history.subscribe(() => {
      calls += 1;
    });
    history.recordMessage({ v: 1, type: 'graph', data: graph(0, 1) });
    const first = history.get('node:accounts');
    history.recordMessage({ v: 1, type: 'graph', data: graph(10, 1) });
    expect(history.get('node:accounts')).toBe(first);
    expect(calls).toBe(1);
    history.recordMessage({
      v: 1,
      type: 'hello',
      data: { serverTimeUnixMs: 0, collectorVersion: 'x' },
    });
    expect(calls).toBe(1);
    unsubscribe();
    history.recordMessage({ v: 1, type: 'graph', data: graph(5000, 1) });
    expect(calls).toBe(1);
    expect(history.get('node:accounts')).not.toBe(first);
  });

  it('drops the least recently updated key beyond maxKeys', () => {
    const history = new RedHistory({ maxKeys: 2, minIntervalMs: 0 });
    history.record('node:a', { t: 1, ratePerSecond: 1, errorRate: 0, p95Ms: null });
    history.record('node:b', { t: 1, ratePerSecond: 1, errorRate: 0, p95Ms: null });
    history.record('node:a', { t: 2, ratePerSecond: 1, errorRate: 0, p95Ms: null });
    history.record('node:c', { t: 1, ratePerSecond: 1, errorRate: 0, p95Ms: null });
    expect(history.size).toBe(2);
    expect(history.get('node:b')).toEqual([]);
    expect(history.get('node:a')).toHaveLength(2);
  });

  describe('seed', () => {
    const at = (t: number, ratePerSecond = 1) => ({ t, ratePerSecond, errorRate: 0, p95Ms: 5 });

    it('puts only samples older than the first recorded one in front, oldest first, once each', () => {
      const history = new RedHistory({ minIntervalMs: 1000 });
      history.recordMessage({ v: 1, type: 'graph', data: graph(20_000, 7) });
      history.recordMessage({ v: 1, type: 'graph', data: graph(21_000, 7) });
      const added = history.seed('edge:gateway->accounts', [
        at(20_000, 99), // the stream's own sample wins
        at(15_000),
        at(5_000),
        at(10_000),
        at(10_000),
        at(25_000, 99),
      ]);
      expect(added).toBe(true);
      const samples = history.get('edge:gateway->accounts');
      expect(samples.map((s) => s.t)).toEqual([5_000, 10_000, 15_000, 20_000, 21_000]);
      expect(samples.map((s) => s.ratePerSecond)).toEqual([1, 1, 1, 7, 7]);
    });

    it('fills an empty key, and a second seed with the same samples adds nothing', () => {
      const history = new RedHistory();
      let calls = 0;
      history.subscribe(() => {
        calls += 1;
      });
      expect(history.seed('service:accounts', [at(2_000), at(1_000)])).toBe(true);
      expect(history.get('service:accounts').map((s) => s.t)).toEqual([1_000, 2_000]);
      const first = history.get('service:accounts');
      expect(history.seed('service:accounts', [at(2_000), at(1_000)])).toBe(false);
      expect(history.get('service:accounts')).toBe(first);
      expect(calls).toBe(1);
      // The stream goes on from there.
      history.recordMessage({ v: 1, type: 'red', data: red(3_000) });
      expect(history.get('service:accounts').map((s) => s.t)).toEqual([1_000, 2_000, 3_000]);
    });

    it('keeps the newest maxSamples and at most maxKeys keys', () => {
      const history = new RedHistory({ maxSamples: 3, maxKeys: 2, minIntervalMs: 0 });
      history.record('node:a', at(10));
      history.seed('node:a', [at(1), at(2), at(3), at(4)]);
      expect(history.get('node:a').map((s) => s.t)).toEqual([3, 4, 10]);
      history.record('node:b', at(1));
      history.seed('node:c', [at(1)]);
      expect(history.size).toBe(2);
      expect(history.get('node:a')).toEqual([]);
    });
  });
});

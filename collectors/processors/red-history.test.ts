import { describe, expect, it } from 'vitest';
import type { GraphSnapshot } from '../contracts/graph';
import type { RedSample, RedSnapshot } from '../contracts/red';
import { RedHistoryRecorder } from './red-history';

const latency = { p50: 4, p95: 12, p99: 20 };

/** user → gateway → accounts, at `t`, every rate `rate`. */
const graph = (t: number, rate: number): GraphSnapshot => ({
  generatedAtUnixMs: t,
  windowSeconds: 60,
  nodes: [
    { id: 'user', label: 'user', kind: 'user', requestRatePerSecond: 0, errorRate: 0 },
    { id: 'gateway', label: 'gateway', kind: 'service', requestRatePerSecond: rate, errorRate: 0 },
  ],
  edges: [
    {
      id: 'user->gateway',
      source: 'user',
      target: 'gateway',
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

const red = (t: number, rate: number): RedSnapshot => ({
  generatedAtUnixMs: t,
  windowSeconds: 60,
  services: [
    {
      service: 'gateway',
      requestRatePerSecond: rate,
      errorRate: 0.5,
      requestCount: 4,
      errorCount: 2,
      latencyMs: { ...latency, p95: 30 },
      totalRequests: 4,
      totalErrors: 2,
    },
  ],
  // Operations are not part of the history.
  operations: [],
});

const sample = (t: number, ratePerSecond = 1): RedSample => ({
  t,
  ratePerSecond,
  errorRate: 0,
  p95Ms: null,
});

describe('RedHistoryRecorder', () => {
  it('keys nodes, edges and services the way the browser does', () => {
    const history = new RedHistoryRecorder();
    history.record(graph(1000, 2), red(1000, 3));
    expect(history.samples('node:gateway', 1000)).toEqual([
      { t: 1000, ratePerSecond: 2, errorRate: 0, p95Ms: null },
    ]);
    expect(history.samples('node:user', 1000)).toEqual([
      { t: 1000, ratePerSecond: 0, errorRate: 0, p95Ms: null },
    ]);
    expect(history.samples('edge:user->gateway', 1000)).toEqual([
      { t: 1000, ratePerSecond: 2, errorRate: 0.1, p95Ms: 12 },
    ]);
    expect(history.samples('service:gateway', 1000)).toEqual([
      { t: 1000, ratePerSecond: 3, errorRate: 0.5, p95Ms: 30 },
    ]);
    expect(history.samples('service:unknown', 1000)).toEqual([]);
    expect(history.size).toBe(4);
  });

  it('answers oldest first, ignores samples not newer than the last, keeps the newest per key', () => {
    const history = new RedHistoryRecorder({ maxSamplesPerKey: 3 });
    for (const t of [1000, 2000, 2000, 1500, 3000, 4000, 5000]) {
      history.record(graph(t, t), red(t, t));
    }
    expect(history.samples('edge:user->gateway', 5000).map((s) => s.t)).toEqual([3000, 4000, 5000]);
    expect(history.samples('service:gateway', 5000).map((s) => s.ratePerSecond)).toEqual([
      3000, 4000, 5000,
    ]);
  });

  it('answers only samples within the retention, and drops keys idle longer', () => {
    const history = new RedHistoryRecorder({ retentionMs: 10_000 });
    history.recordSamples([['node:old', sample(0)]]);
    history.record(graph(5_000, 1), red(5_000, 1));
    history.record(graph(12_000, 1), red(12_000, 1));
    // node:old's only sample is 12 s old: it is gone; gateway keeps what is at most 10 s old.
    expect(history.samples('node:old', 12_000)).toEqual([]);
    expect(history.size).toBe(4);
    expect(history.samples('node:gateway', 12_000).map((s) => s.t)).toEqual([5_000, 12_000]);
    expect(history.samples('node:gateway', 15_001).map((s) => s.t)).toEqual([12_000]);
  });

  it('evicts the least recently updated key beyond maxKeys', () => {
    const history = new RedHistoryRecorder({ maxKeys: 2 });
    history.recordSamples([['node:a', sample(1)]]);
    history.recordSamples([['node:b', sample(1)]]);
    history.recordSamples([['node:a', sample(2)]]);
    history.recordSamples([['node:c', sample(1)]]);
    expect(history.size).toBe(2);
    expect(history.samples('node:b', 2)).toEqual([]);
    expect(history.samples('node:a', 2).map((s) => s.t)).toEqual([1, 2]);
    expect(history.samples('node:c', 2).map((s) => s.t)).toEqual([1]);
  });

  it('hands out copies: changing an answer changes nothing held', () => {
    const history = new RedHistoryRecorder();
    history.recordSamples([['node:a', sample(1, 5)]]);
    history.samples('node:a', 1)[0]!.ratePerSecond = 99;
    expect(history.samples('node:a', 1)[0]!.ratePerSecond).toBe(5);
  });
});

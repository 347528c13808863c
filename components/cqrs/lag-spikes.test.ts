import { describe, expect, it } from 'vitest';
import { lagSpikes } from './lag-spikes';

const history = (lags: (number | null)[], stepMs = 1000) =>
  lags.map((lagEvents, i) => ({
    timeUnixMs: i * stepMs,
    position: 0,
    headPosition: 0,
    lagEvents,
    lagMs: null,
  }));

describe('lagSpikes', () => {
  it('finds each rise above twice the typical lag once, at its peak', () => {
    const spikes = lagSpikes(history([1, 1, 2, 30, 50, 40, 1, 1, 1, 20, 1, 1], 5000));
    expect(spikes).toEqual([
      { fromUnixMs: 5000, peakUnixMs: 20_000, lagEvents: 50 },
      { fromUnixMs: 40_000, peakUnixMs: 45_000, lagEvents: 20 },
    ]);
  });

  it('keeps the highest spikes, oldest first', () => {
    const spikes = lagSpikes(history([1, 10, 1, 30, 1, 20, 1, 40, 1, 1, 1], 11_000), 2);
    expect(spikes.map((s) => s.lagEvents)).toEqual([30, 40]);
  });

  it('ignores small wobbles, steady lag and unknown values', () => {
    expect(lagSpikes(history([0, 1, 3, 1, 0, 4, 0]))).toEqual([]);
    expect(lagSpikes(history([100, 100, 100, 100]))).toEqual([]);
    expect(lagSpikes(history([null, null, 1]))).toEqual([]);
  });

  it('counts a lag that dips and rises again within 10 s as one spike', () => {
    expect(lagSpikes(history([1, 1, 1, 1, 60, 0, 80, 0, 90, 1, 1, 1]))).toEqual([
      { fromUnixMs: 3000, peakUnixMs: 8000, lagEvents: 90 },
    ]);
  });

  it('reports a spike still rising at the end', () => {
    expect(lagSpikes(history([1, 1, 1, 1, 9, 25]))).toEqual([
      { fromUnixMs: 3000, peakUnixMs: 5000, lagEvents: 25 },
    ]);
  });
});

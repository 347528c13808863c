import { describe, expect, it } from 'vitest';
import { LogHistogram } from './histogram';

/** Deterministic PRNG (mulberry32) so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Gen = (rand: () => number) => number;
const distributions: Record<string, Gen> = {
  uniform: (r) => 1 + r() * 999,
  exponential: (r) => -Math.log(1 - r()) * 50,
  logNormal: (r) =>
    Math.exp(3 + 1.5 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())),
  bimodal: (r) => (r() < 0.9 ? 2 + r() * 3 : 800 + r() * 400),
};

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

function expectWithin(actual: number, expected: number, relative: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-12);
}

describe('LogHistogram', () => {
  for (const [name, gen] of Object.entries(distributions)) {
    it(`stays within 2% of exact quantiles on ${name} data (many seeds and sizes)`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const rand = random(seed * 7919);
        const size = 1 + Math.floor(rand() * 5000);
        const values = Array.from({ length: size }, () => gen(rand));
        const h = new LogHistogram();
        for (const v of values) h.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        for (const q of QUANTILES) expectWithin(h.quantile(q), exactQuantile(sorted, q), 0.02);
        expect(h.count).toBe(size);
        expect(h.min).toBe(sorted[0]);
        expect(h.max).toBe(sorted[sorted.length - 1]);
      }
    });
  }

  it('merging parts answers like one histogram of all the values', () => {
    const rand = random(42);
    const parts = Array.from({ length: 7 }, () => new LogHistogram());
    const all: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = distributions.logNormal!(rand);
      all.push(v);
      parts[Math.floor(rand() * parts.length)]!.record(v);
    }
    const merged = new LogHistogram();
    for (const p of parts) merged.merge(p);
    const whole = new LogHistogram();
    for (const v of all) whole.record(v);
    const sorted = all.sort((a, b) => a - b);
    expect(merged.count).toBe(all.length);
    for (const q of QUANTILES) {
      expect(merged.quantile(q)).toBe(whole.quantile(q));
      expectWithin(merged.quantile(q), exactQuantile(sorted, q), 0.02);
    }
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
  });

  it('keeps memory bounded however wide the values spread', () => {
    const h = new LogHistogram();
    const rand = random(3);
    for (let i = 0; i < 200_000; i++) h.record(10 ** (rand() * 14 - 4));
    expect(h.bucketCount).toBeLessThanOrEqual(h.maxBuckets);
    expect(h.maxBuckets).toBeLessThan(1300);
    expect(h.quantile(1)).toBe(h.max);
  });

  it('handles empty, zero and out-of-range values', () => {
    const h = new LogHistogram();
    expect(h.quantile(0.5)).toBe(0);
    h.record(0);
    h.record(0);
    h.record(5);
    expect(h.quantile(0)).toBe(0);
    expect(h.quantile(0.5)).toBe(0);
    expectWithin(h.quantile(1), 5, 0.01);
    h.record(Number.NaN);
    h.record(Number.POSITIVE_INFINITY);
    expect(h.count).toBe(3);
    h.record(1e12);
    expect(h.quantile(1)).toBe(1e12);
  });

  it('weights values by count and clones independently', () => {
    const h = new LogHistogram();
    h.record(10, 99);
    h.record(1000, 1);
    expectWithin(h.quantile(0.5), 10, 0.01);
    expectWithin(h.quantile(1), 1000, 0.01);
    const copy = h.clone();
    h.clear();
    expect(h.count).toBe(0);
    expect(copy.count).toBe(100);
    expect(copy.mean).toBeCloseTo(19.9, 9);
  });

  it('refuses to merge histograms of different accuracy', () => {
    expect(() => new LogHistogram().merge(new LogHistogram({ relativeAccuracy: 0.02 }))).toThrow(
      /different options/,
    );
  });
});

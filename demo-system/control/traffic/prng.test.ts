import { describe, expect, it } from 'vitest';
import { intBetween, mulberry32 } from './prng';

const take = (random: () => number, n: number) => Array.from({ length: n }, random);

describe('mulberry32', () => {
  it('reproduces the same sequence for the same seed', () => {
    expect(take(mulberry32(42), 5)).toEqual(take(mulberry32(42), 5));
  });

  it('gives different sequences for different seeds', () => {
    expect(take(mulberry32(42), 5)).not.toEqual(take(mulberry32(43), 5));
  });

  it('pins the reference output of seed 1 (runs stay reproducible across refactors)', () => {
    // First outputs of the reference mulberry32 (Tommy Ettinger / bryc's JS) for seed 1,
    // times 2^32, computed with that reference implementation.
    expect(take(mulberry32(1), 3).map((x) => Math.round(x * 4_294_967_296))).toEqual([
      2_693_262_067, 11_749_833, 2_265_367_787,
    ]);
  });

  it('stays in [0, 1) and spreads evenly', () => {
    const values = take(mulberry32(7), 20_000);
    expect(values.every((x) => x >= 0 && x < 1)).toBe(true);
    const buckets = new Array(10).fill(0);
    for (const x of values) buckets[Math.floor(x * 10)] += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(1_800);
  });
});

describe('intBetween', () => {
  it('covers both ends of the inclusive range and nothing outside', () => {
    const random = mulberry32(3);
    const seen = new Set(Array.from({ length: 500 }, () => intBetween(random, 2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});

import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng';
import {
  DEFAULT_WEIGHTS,
  OVERDRAFT_CENTS,
  pickScenario,
  planAction,
  SCENARIOS,
  type ScenarioName,
} from './scenarios';

describe('pickScenario', () => {
  // Weights 1,1,2,0,4 over [0,1): openAccount [0,.125) deposit [.125,.25) transfer [.25,.5)
  // overdraft (none) readBalance [.5,1)
  const weights = { openAccount: 1, deposit: 1, transfer: 2, overdraft: 0, readBalance: 4 };

  it('maps each slice of [0, 1) to its scenario', () => {
    expect(pickScenario(weights, 0)).toBe('openAccount');
    expect(pickScenario(weights, 0.124)).toBe('openAccount');
    expect(pickScenario(weights, 0.125)).toBe('deposit');
    expect(pickScenario(weights, 0.25)).toBe('transfer');
    expect(pickScenario(weights, 0.499)).toBe('transfer');
    expect(pickScenario(weights, 0.5)).toBe('readBalance');
    expect(pickScenario(weights, 0.999_999)).toBe('readBalance');
  });

  it('never picks a zero-weight scenario', () => {
    const random = mulberry32(5);
    for (let i = 0; i < 2_000; i++) expect(pickScenario(weights, random())).not.toBe('overdraft');
  });

  it('follows the default weights over many draws', () => {
    const random = mulberry32(42);
    const counts = Object.fromEntries(SCENARIOS.map((s) => [s, 0])) as Record<ScenarioName, number>;
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[pickScenario(DEFAULT_WEIGHTS, random())] += 1;
    const total = SCENARIOS.reduce((sum, s) => sum + DEFAULT_WEIGHTS[s], 0);
    for (const s of SCENARIOS) {
      expect(counts[s] / n).toBeCloseTo(DEFAULT_WEIGHTS[s] / total, 1);
    }
  });

  it('refuses weights that are all zero', () => {
    const none = { openAccount: 0, deposit: 0, transfer: 0, overdraft: 0, readBalance: 0 };
    expect(() => pickScenario(none, 0.5)).toThrow(/positive/);
  });
});

describe('planAction', () => {
  it('opens accounts until two are known', () => {
    const random = mulberry32(1);
    expect(planAction([], random).scenario).toBe('openAccount');
    expect(planAction(['a'], random).scenario).toBe('openAccount');
  });

  it('uses only known accounts, never transfers to the same account', () => {
    const pool = ['a', 'b', 'c'];
    const random = mulberry32(9);
    for (let i = 0; i < 1_000; i++) {
      const action = planAction(pool, random);
      if (action.scenario === 'transfer' || action.scenario === 'overdraft') {
        expect(pool).toContain(action.from);
        expect(pool).toContain(action.to);
        expect(action.to).not.toBe(action.from);
        expect(Number.isInteger(action.amountCents) && action.amountCents > 0).toBe(true);
      }
      if (action.scenario === 'deposit' || action.scenario === 'readBalance') {
        expect(pool).toContain(action.accountId);
      }
      if (action.scenario === 'overdraft') expect(action.amountCents).toBe(OVERDRAFT_CENTS);
    }
  });

  it('is reproducible from the seed', () => {
    const plan = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 50 }, () => planAction(['a', 'b', 'c'], random));
    };
    expect(plan(42)).toEqual(plan(42));
    expect(plan(42)).not.toEqual(plan(7));
  });
});

import { describe, expect, it } from 'vitest';
import { FUND_IDS as PARTNER_FUND_IDS } from '../../services/partner-bank/funds';
import { isValidIban } from '../../services/partner-bank/payee-rules';
import { toRequest } from './gateway-calls';
import { mulberry32 } from './prng';
import {
  DEFAULT_WEIGHTS,
  FUND_IDS,
  ibanWithCheckDigits,
  LOAN_TERMS,
  OVERDRAFT_CENTS,
  payeeIban,
  pickScenario,
  planAction,
  SCENARIOS,
  type ScenarioName,
  type ScenarioWeights,
  validateWeights,
} from './scenarios';

const only = (weights: Partial<Record<ScenarioName, number>>): ScenarioWeights =>
  Object.fromEntries(SCENARIOS.map((s) => [s, weights[s] ?? 0])) as ScenarioWeights;

describe('pickScenario', () => {
  // Weights 1,1,2,4 over [0,1) (in SCENARIOS order): openAccount [0,.125) deposit [.125,.25)
  // transfer [.25,.5) readBalance [.5,1); every other scenario has weight 0.
  const weights = only({ openAccount: 1, deposit: 1, transfer: 2, readBalance: 4 });

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
    const allowed = new Set(['openAccount', 'deposit', 'transfer', 'readBalance']);
    for (let i = 0; i < 2_000; i++) expect(allowed.has(pickScenario(weights, random()))).toBe(true);
  });

  it('follows the default weights over many draws', () => {
    const random = mulberry32(42);
    const counts = Object.fromEntries(SCENARIOS.map((s) => [s, 0])) as Record<ScenarioName, number>;
    const n = 40_000;
    for (let i = 0; i < n; i++) counts[pickScenario(DEFAULT_WEIGHTS, random())] += 1;
    const total = SCENARIOS.reduce((sum, s) => sum + DEFAULT_WEIGHTS[s], 0);
    for (const s of SCENARIOS) {
      expect(counts[s] / n).toBeCloseTo(DEFAULT_WEIGHTS[s] / total, 1);
    }
  });

  it('refuses weights that are all zero', () => {
    expect(() => pickScenario(only({}), 0.5)).toThrow(/positive/);
  });
});

describe('validateWeights', () => {
  it('accepts the defaults and any complete, non-negative mix with one positive weight', () => {
    expect(validateWeights(DEFAULT_WEIGHTS)).toEqual({ ok: true, weights: DEFAULT_WEIGHTS });
    expect(validateWeights(only({ kyc: 1 }))).toMatchObject({ ok: true });
  });

  it('names what is wrong', () => {
    const bad = (value: unknown) => {
      const result = validateWeights(value);
      return result.ok ? 'ok' : result.message;
    };
    expect(bad(null)).toMatch(/object/);
    expect(bad({ ...DEFAULT_WEIGHTS, teleport: 1 })).toMatch(/unknown scenario.*teleport/);
    expect(bad({ ...DEFAULT_WEIGHTS, kyc: -1 })).toMatch(/^kyc:/);
    expect(bad({ ...DEFAULT_WEIGHTS, deposit: Number.NaN })).toMatch(/^deposit:/);
    const { readOverview: _, ...missing } = DEFAULT_WEIGHTS;
    expect(bad(missing)).toMatch(/^readOverview:/);
    expect(bad(only({}))).toMatch(/positive/);
  });
});

describe('planAction', () => {
  it('opens accounts until two are known', () => {
    const random = mulberry32(1);
    expect(planAction([], random).scenario).toBe('openAccount');
    expect(planAction(['a'], random).scenario).toBe('openAccount');
  });

  it('plans every scenario over known accounts only, with sane amounts', () => {
    const pool = ['a', 'b', 'c'];
    const random = mulberry32(9);
    const seen = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const action = planAction(pool, random);
      seen.add(action.scenario);
      if ('accountId' in action) expect(pool).toContain(action.accountId);
      if ('from' in action) expect(pool).toContain(action.from);
      if ('amountCents' in action) {
        expect(Number.isInteger(action.amountCents) && action.amountCents > 0).toBe(true);
      }
      switch (action.scenario) {
        case 'transfer':
        case 'overdraft':
          expect(pool).toContain(action.to);
          expect(action.to).not.toBe(action.from);
          if (action.scenario === 'overdraft') expect(action.amountCents).toBe(OVERDRAFT_CENTS);
          break;
        case 'loanApplication':
          expect(LOAN_TERMS).toContain(action.termMonths);
          break;
        case 'fundPurchase':
          expect(FUND_IDS).toContain(action.fundId);
          break;
        case 'kyc':
          expect(action.document).toMatch(/^AB\d{7}$/);
          break;
      }
    }
    expect([...seen].sort()).toEqual([...SCENARIOS].sort());
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

describe('what the scenarios send', () => {
  it('buys only funds partner-bank prices', () => {
    expect([...FUND_IDS].sort()).toEqual([...PARTNER_FUND_IDS].sort());
  });

  it('pays mostly valid IBANs and about one in ten with wrong check digits', () => {
    expect(isValidIban(ibanWithCheckDigits('DE', '370400440532013000'))).toBe(true);
    const random = mulberry32(3);
    const ibans = Array.from({ length: 2_000 }, () => payeeIban(random));
    const invalid = ibans.filter((iban) => !isValidIban(iban)).length / ibans.length;
    expect(invalid).toBeGreaterThan(0.05);
    expect(invalid).toBeLessThan(0.15);
  });

  it('puts the acting customer in the path and body of customer-level calls', () => {
    expect(toRequest({ scenario: 'readOverview', accountId: 'a' }, 'c-7')).toEqual({
      method: 'GET',
      path: '/v1/customers/c-7/overview',
    });
    expect(
      toRequest({ scenario: 'kyc', accountId: 'a', name: 'Ada 1', document: 'AB1234567' }, 'c-7'),
    ).toMatchObject({ method: 'POST', path: '/v1/customers/c-7/kyc' });
    expect(
      toRequest(
        { scenario: 'loanApplication', accountId: 'a', amountCents: 10_000, termMonths: 12 },
        'c-7',
      ).body,
    ).toEqual({ customerId: 'c-7', accountId: 'a', amountCents: 10_000, termMonths: 12 });
    expect(
      toRequest(
        { scenario: 'fundPurchase', accountId: 'a', fundId: 'fund-euro-bonds', amountCents: 500 },
        'c-7',
      ),
    ).toMatchObject({ path: '/v1/orders', body: { customerId: 'c-7', fundId: 'fund-euro-bonds' } });
  });
});

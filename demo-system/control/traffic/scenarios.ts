import { intBetween } from './prng';

/**
 * What the traffic generator does next, decided by pure functions of a PRNG and the pool of
 * known account ids, so a seed reproduces a run. Every action but openAccount acts on a known
 * account and is made by the customer who opened it (the generator keeps who that is); the
 * customer-level actions (KYC, overview, loans, fund purchases) use that account's owner.
 */

export const SCENARIOS = [
  'openAccount',
  'kyc',
  'deposit',
  'transfer',
  'overdraft',
  'externalTransfer',
  'loanApplication',
  'fundPurchase',
  'readBalance',
  'readOverview',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export type ScenarioWeights = Readonly<Record<ScenarioName, number>>;

/**
 * Mostly deposits, transfers and reads; some sign-ups with KYC, external payments, loans and
 * fund purchases; a few transfers that must bounce (409).
 */
export const DEFAULT_WEIGHTS: ScenarioWeights = {
  openAccount: 8,
  kyc: 5,
  deposit: 20,
  transfer: 18,
  overdraft: 3,
  externalTransfer: 8,
  loanApplication: 4,
  fundPurchase: 8,
  readBalance: 16,
  readOverview: 10,
};

/** Largest weight accepted; weights are relative, so this only bounds nonsense. */
export const MAX_WEIGHT = 1_000_000;

/**
 * Checks a complete weights object: every scenario present, each a finite number in
 * [0, MAX_WEIGHT], no unknown key, at least one positive.
 */
export function validateWeights(
  value: unknown,
): { ok: true; weights: ScenarioWeights } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'weights must be an object of scenario → number' };
  }
  const input = value as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !SCENARIOS.includes(key as ScenarioName));
  if (unknown.length > 0) {
    return { ok: false, message: `unknown scenario(s): ${unknown.join(', ')}` };
  }
  const weights = {} as Record<ScenarioName, number>;
  for (const name of SCENARIOS) {
    const weight = input[name];
    if (
      typeof weight !== 'number' ||
      !Number.isFinite(weight) ||
      weight < 0 ||
      weight > MAX_WEIGHT
    ) {
      return { ok: false, message: `${name}: must be a number between 0 and ${MAX_WEIGHT}` };
    }
    weights[name] = weight;
  }
  if (!SCENARIOS.some((name) => weights[name] > 0)) {
    return { ok: false, message: 'at least one scenario needs a positive weight' };
  }
  return { ok: true, weights };
}

/** Far above anything the deposits below can accumulate: the accounts service answers 409. */
export const OVERDRAFT_CENTS = 1_000_000_000;

/** The funds partner-bank prices (wealth sells them); kept in step by a test. */
export const FUND_IDS = [
  'fund-global-equity',
  'fund-euro-bonds',
  'fund-tech-growth',
  'fund-green-energy',
] as const;

/** Loan terms on offer, plus one that is not (lending rejects it). */
export const LOAN_TERMS = [6, 12, 24, 36, 48, 60, 18] as const;

export interface ExternalPayee {
  iban: string;
  name: string;
}

export type TrafficAction =
  | { scenario: 'openAccount'; owner: string }
  | { scenario: 'kyc'; accountId: string; name: string; document: string }
  | { scenario: 'deposit'; accountId: string; amountCents: number }
  | { scenario: 'transfer' | 'overdraft'; from: string; to: string; amountCents: number }
  | { scenario: 'externalTransfer'; from: string; payee: ExternalPayee; amountCents: number }
  | { scenario: 'loanApplication'; accountId: string; amountCents: number; termMonths: number }
  | { scenario: 'fundPurchase'; accountId: string; fundId: string; amountCents: number }
  | { scenario: 'readBalance' | 'readOverview'; accountId: string };

/**
 * Picks a scenario for `r` in [0, 1): each scenario owns a slice of [0, 1) proportional to its
 * weight, in SCENARIOS order. Throws when no weight is positive.
 */
export function pickScenario(weights: ScenarioWeights, r: number): ScenarioName {
  const total = SCENARIOS.reduce((sum, name) => sum + Math.max(0, weights[name]), 0);
  if (!(total > 0)) throw new Error('traffic: at least one scenario weight must be positive');
  let threshold = r * total;
  let last: ScenarioName = SCENARIOS[0];
  for (const name of SCENARIOS) {
    const weight = Math.max(0, weights[name]);
    if (weight === 0) continue;
    last = name;
    if (threshold < weight) return name;
    threshold -= weight;
  }
  return last;
}

const OWNERS = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Frances', 'Leslie', 'Margaret'];

/** Plans the next request. Until two accounts are known, it opens accounts. */
export function planAction(
  pool: readonly string[],
  random: () => number,
  weights: ScenarioWeights = DEFAULT_WEIGHTS,
): TrafficAction {
  const scenario = pool.length < 2 ? 'openAccount' : pickScenario(weights, random());
  const pick = () => pool[intBetween(random, 0, pool.length - 1)]!;
  const person = () =>
    `${OWNERS[intBetween(random, 0, OWNERS.length - 1)]} ${intBetween(random, 1, 9999)}`;
  switch (scenario) {
    case 'openAccount':
      return { scenario, owner: person() };
    case 'kyc':
      // 7 random digits: ~10 % end in 0 (rejected), ~10 % in 9 (manual review).
      return {
        scenario,
        accountId: pick(),
        name: person(),
        document: `AB${String(intBetween(random, 0, 9_999_999)).padStart(7, '0')}`,
      };
    case 'deposit':
      return { scenario, accountId: pick(), amountCents: intBetween(random, 10, 500) * 100 };
    case 'readBalance':
    case 'readOverview':
      return { scenario, accountId: pick() };
    case 'transfer':
    case 'overdraft': {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      const amountCents =
        scenario === 'overdraft' ? OVERDRAFT_CENTS : intBetween(random, 1, 200) * 100;
      return { scenario, from, to, amountCents };
    }
    case 'externalTransfer':
      return {
        scenario,
        from: pick(),
        payee: { iban: payeeIban(random), name: person() },
        amountCents: intBetween(random, 1, 150) * 100,
      };
    case 'loanApplication':
      return {
        scenario,
        accountId: pick(),
        amountCents: intBetween(random, 1, 200) * 10_000,
        termMonths: LOAN_TERMS[intBetween(random, 0, LOAN_TERMS.length - 1)]!,
      };
    case 'fundPurchase':
      return {
        scenario,
        accountId: pick(),
        fundId: FUND_IDS[intBetween(random, 0, FUND_IDS.length - 1)]!,
        amountCents: intBetween(random, 10, 300) * 100,
      };
  }
}

/** A German-style IBAN; one in ten has wrong check digits (partner-bank refuses it). */
export function payeeIban(random: () => number): string {
  const bban = Array.from({ length: 18 }, () => intBetween(random, 0, 9)).join('');
  const iban = ibanWithCheckDigits('DE', bban);
  if (random() >= 0.1) return iban;
  const wrong = (Number(iban.slice(2, 4)) % 97) + 2;
  return `DE${String(wrong).padStart(2, '0')}${bban}`;
}

/** ISO 13616: the check digits that make `country + digits + bban` valid (mod 97 = 1). */
export function ibanWithCheckDigits(country: string, bban: string): string {
  let remainder = 0;
  for (const char of `${bban}${country}00`.toUpperCase()) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`.toUpperCase();
}

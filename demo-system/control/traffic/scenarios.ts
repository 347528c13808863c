import { intBetween } from './prng';

/**
 * What the traffic generator does next, decided by pure functions of a PRNG and the pool of
 * known account ids, so a seed reproduces a run.
 */

export const SCENARIOS = [
  'openAccount',
  'deposit',
  'transfer',
  'overdraft',
  'readBalance',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export type ScenarioWeights = Readonly<Record<ScenarioName, number>>;

/** Mostly deposits, transfers and reads; a few transfers that must bounce (409). */
export const DEFAULT_WEIGHTS: ScenarioWeights = {
  openAccount: 10,
  deposit: 25,
  transfer: 35,
  overdraft: 5,
  readBalance: 25,
};

/** Far above anything the deposits below can accumulate: the accounts service answers 409. */
export const OVERDRAFT_CENTS = 1_000_000_000;

export type TrafficAction =
  | { scenario: 'openAccount'; owner: string }
  | { scenario: 'deposit'; accountId: string; amountCents: number }
  | { scenario: 'transfer' | 'overdraft'; from: string; to: string; amountCents: number }
  | { scenario: 'readBalance'; accountId: string };

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
  switch (scenario) {
    case 'openAccount':
      return {
        scenario,
        owner: `${OWNERS[intBetween(random, 0, OWNERS.length - 1)]} ${intBetween(random, 1, 9999)}`,
      };
    case 'deposit':
      return { scenario, accountId: pick(), amountCents: intBetween(random, 10, 500) * 100 };
    case 'readBalance':
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
  }
}

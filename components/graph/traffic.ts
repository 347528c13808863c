/**
 * Traffic dots on an edge: how many are in flight, how often they leave and which are red.
 * Dots leave at a rate proportional to the edge's request rate (one dot per request up to
 * MAX_DOTS_PER_SECOND, so a hot edge does not turn into a solid line), each takes TRAVEL_SECONDS
 * to cross, and the share of red dots is the edge's error share. Figures are quantised
 * (half-octave rate steps, 10 % error steps) so that small changes between ticks keep the
 * same dots running instead of restarting them.
 */
export const TRAVEL_SECONDS = 1.6;
export const MAX_DOTS_PER_SECOND = 5;
/** Below this, an edge counts as idle and carries no dots. */
export const MIN_RATE = 0.05;
/** Slowest cycle: an edge with very little traffic still shows a dot this often. */
const MAX_CYCLE_SECONDS = 12;

export interface TrafficPlan {
  /** Dots per cycle; 0 for an idle edge. */
  count: number;
  /** One dot leaves every cycleSeconds / count seconds; each cycle lasts cycleSeconds. */
  cycleSeconds: number;
  /** Fraction of the cycle a dot spends travelling (1 = back-to-back). */
  travelFraction: number;
  /** Per dot, whether it stands for a failed request. */
  red: readonly boolean[];
  /** Stable identity of the plan: equal keys mean equal dots. */
  key: string;
}

export const NO_TRAFFIC: TrafficPlan = {
  count: 0,
  cycleSeconds: 0,
  travelFraction: 1,
  red: [],
  key: 'idle',
};

/** Rate rounded to half-octave steps (…, 0.71, 1, 1.41, 2, 2.83, 4, …). */
export function quantiseRate(perSecond: number): number {
  return 2 ** (Math.round(Math.log2(perSecond) * 2) / 2);
}

export function trafficPlan(ratePerSecond: number, errorRate: number): TrafficPlan {
  if (!(ratePerSecond >= MIN_RATE)) return NO_TRAFFIC;
  const emitted = Math.min(MAX_DOTS_PER_SECOND, quantiseRate(ratePerSecond));
  // Enough dots in flight that one leaves every 1/emitted seconds; the cycle is never shorter
  // than the crossing.
  const count = Math.max(1, Math.ceil(emitted * TRAVEL_SECONDS - 1e-9));
  const cycleSeconds = Math.min(MAX_CYCLE_SECONDS, count / emitted);
  const errorShare = Math.round(Math.min(1, Math.max(0, errorRate)) * 10) / 10;
  // A visible error share always shows: at least one red dot from 5 % errors up.
  let redCount = Math.round(count * errorShare);
  if (redCount === 0 && errorRate >= 0.05) redCount = 1;
  const red = Array.from(
    { length: count },
    // Spread the red dots evenly among the others.
    (_, i) => Math.floor(((i + 1) * redCount) / count) > Math.floor((i * redCount) / count),
  );
  const travelFraction = Math.min(1, TRAVEL_SECONDS / cycleSeconds);
  return {
    count,
    cycleSeconds,
    travelFraction,
    red,
    key: `${count}/${cycleSeconds.toFixed(2)}/${redCount}`,
  };
}

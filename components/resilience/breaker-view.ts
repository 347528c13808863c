import type {
  BreakerState,
  BreakerTransition,
  BreakerView,
  ResilienceCounters,
  ResilienceCounts,
} from '../../collectors/contracts';
import type { Tone } from '../charts/tones';
import { tracesAroundHref as tracesAround } from '../traces/around-link';

export const BREAKER_STATE_LABELS: Record<BreakerState, string> = {
  closed: 'closed',
  open: 'open',
  half_open: 'half-open',
};

export const BREAKER_STATE_TONES: Record<BreakerState, Tone> = {
  closed: 'healthy',
  open: 'critical',
  half_open: 'warn',
};

/** Height of a state on the transition timeline: open on top, as in Hystrix's dashboards. */
export const BREAKER_STATE_LEVELS: Record<BreakerState, number> = {
  closed: 0,
  half_open: 1,
  open: 2,
};

/** Open breakers first, then half-open, then closed; by key within a state. */
export function sortBreakers(breakers: readonly BreakerView[]): BreakerView[] {
  return [...breakers].sort(
    (a, b) =>
      BREAKER_STATE_LEVELS[b.state] - BREAKER_STATE_LEVELS[a.state] || a.key.localeCompare(b.key),
  );
}

export interface TimelinePoint {
  timeUnixMs: number;
  level: number;
}

/** The shortest and longest span the transition timeline covers. */
export const TIMELINE_MIN_MS = 2 * 60_000;
export const TIMELINE_MAX_MS = 15 * 60_000;

/** From the oldest transition (at least 2 min, at most 15 min back) to now. */
export function timelineDomain(
  transitions: readonly BreakerTransition[],
  nowUnixMs: number,
): [number, number] {
  const oldest = transitions[0]?.timeUnixMs ?? nowUnixMs;
  const span = Math.min(Math.max(nowUnixMs - oldest, TIMELINE_MIN_MS), TIMELINE_MAX_MS);
  return [nowUnixMs - span, nowUnixMs];
}

/**
 * The breaker's state over [from, to] as step points (draw with a step-after line): the state
 * at `from` (what the first transition in range left, else the current state), one point per
 * transition, and the current state at `to`.
 */
export function transitionTimeline(
  breaker: Pick<BreakerView, 'state' | 'transitions'>,
  [fromUnixMs, toUnixMs]: [number, number],
): TimelinePoint[] {
  const before = breaker.transitions.filter((t) => t.timeUnixMs < fromUnixMs).at(-1);
  const inRange = breaker.transitions.filter(
    (t) => t.timeUnixMs >= fromUnixMs && t.timeUnixMs <= toUnixMs,
  );
  const initial: BreakerState = before?.to ?? inRange[0]?.from ?? inRange[0]?.to ?? breaker.state;
  return [
    { timeUnixMs: fromUnixMs, level: BREAKER_STATE_LEVELS[initial] },
    ...inRange.map((t) => ({ timeUnixMs: t.timeUnixMs, level: BREAKER_STATE_LEVELS[t.to] })),
    { timeUnixMs: toUnixMs, level: BREAKER_STATE_LEVELS[breaker.state] },
  ];
}

/** The traces of `service` in the ±`padMs` around `timeUnixMs` (the /traces search's URL). */
export function tracesAroundHref(service: string, timeUnixMs: number, padMs = 5_000): string {
  return tracesAround({ service, atUnixMs: timeUnixMs, paddingMs: padMs });
}

export const EMPTY_COUNTS: ResilienceCounts = {
  retries: 0,
  timeouts: 0,
  bulkheadRejections: 0,
  rateLimitRejections: 0,
};

/** Sums the counts of every service/target, for the headline counters. */
export function sumCounts(
  counters: readonly ResilienceCounters[],
  which: 'total' | 'recent',
): ResilienceCounts {
  const sum = { ...EMPTY_COUNTS };
  for (const counter of counters) {
    for (const key of Object.keys(sum) as (keyof ResilienceCounts)[]) {
      sum[key] += counter[which][key];
    }
  }
  return sum;
}

export const COUNT_LABELS: Record<keyof ResilienceCounts, string> = {
  retries: 'Retries',
  timeouts: 'Timeouts',
  bulkheadRejections: 'Bulkhead rejections',
  rateLimitRejections: 'Rate-limit rejections',
};

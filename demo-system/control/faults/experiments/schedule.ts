import { intBetween, mulberry32 } from '../../traffic/prng';

/**
 * Experiment schedules: which fault starts when. A named scenario has a fixed schedule; the
 * `chaos` scenario draws one from a seed (mulberry32, like the traffic generator), so a seed
 * replays the same experiment.
 */

export interface ScheduledFault {
  /** Seconds after the experiment's start. */
  atSeconds: number;
  kind: string;
  target: string;
  params: Record<string, unknown>;
  ttlSeconds: number;
}

/** What the schedule may aim at, read from the running platform's fault catalog. */
export interface ScheduleTargets {
  /** Targets per fault kind (the catalog's `targets`). */
  byKind: Readonly<Record<string, readonly string[]>>;
}

export interface Scenario {
  name: string;
  description: string;
  defaultDurationSeconds: number;
  schedule(input: {
    seed: number;
    durationSeconds: number;
    targets: ScheduleTargets;
  }): ScheduledFault[];
}

/** Faults end this long before the experiment does, so the steady state can be judged after. */
export const COOL_DOWN_SECONDS = 15;

const pick = <T>(random: () => number, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[intBetween(random, 0, items.length - 1)];

type Draw = (
  random: () => number,
  targets: ScheduleTargets,
) => Omit<ScheduledFault, 'atSeconds' | 'ttlSeconds'> | undefined;

/** The menu the chaos schedule draws from: faults the bank is built to ride out. */
const CHAOS_MENU: readonly Draw[] = [
  (random, t) => {
    const target = pick(
      random,
      (t.byKind.latency ?? []).filter((x) => !x.includes('->')),
    );
    return target
      ? {
          kind: 'latency',
          target,
          params: { delayMs: intBetween(random, 50, 400), jitterMs: 100, percentage: 50 },
        }
      : undefined;
  },
  (random, t) => {
    const target = pick(
      random,
      (t.byKind.errors ?? []).filter((x) => !x.includes('->')),
    );
    return target
      ? { kind: 'errors', target, params: { status: 503, percentage: intBetween(random, 5, 30) } }
      : undefined;
  },
  (random, t) =>
    (t.byKind['partner-bank'] ?? []).length > 0
      ? {
          kind: 'partner-bank',
          target: 'partner-bank',
          params: {
            mode: pick(random, ['outage', 'slow', 'flaky'] as const) ?? 'outage',
            latencyMs: 1_500,
            failureRate: 0.5,
          },
        }
      : undefined,
  (random, t) => {
    const target = pick(random, t.byKind.crash ?? []);
    return target
      ? { kind: 'crash', target, params: { restartAfterSeconds: intBetween(random, 3, 8) } }
      : undefined;
  },
];

/**
 * A seeded random schedule: roughly one fault every 15 s of the fault phase (the duration
 * minus the cool-down), each lasting 5–15 s, at most two at a time, never two of one kind
 * on one target at once.
 */
export function chaosSchedule(
  seed: number,
  durationSeconds: number,
  targets: ScheduleTargets,
): ScheduledFault[] {
  const random = mulberry32(seed);
  const phase = Math.max(0, durationSeconds - COOL_DOWN_SECONDS);
  const steps: ScheduledFault[] = [];
  const count = Math.max(1, Math.floor(phase / 15));
  for (let i = 0; i < count && phase >= 6; i++) {
    const slot = (phase / count) * i;
    const atSeconds = Math.floor(slot + random() * Math.min(5, phase / count / 2));
    const ttlSeconds = Math.min(intBetween(random, 5, 15), Math.max(1, phase - atSeconds));
    const draw = CHAOS_MENU[intBetween(random, 0, CHAOS_MENU.length - 1)];
    const fault = draw?.(random, targets);
    if (!fault) continue;
    const overlapping = steps.filter((s) => s.atSeconds + s.ttlSeconds > atSeconds);
    if (overlapping.length >= 2) continue;
    if (overlapping.some((s) => s.kind === fault.kind && s.target === fault.target)) continue;
    steps.push({ ...fault, atSeconds, ttlSeconds });
  }
  return steps;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'chaos',
    description:
      'A seeded random schedule of latency, errors, partner-bank trouble and crashes; the same seed replays it.',
    defaultDurationSeconds: 120,
    schedule: ({ seed, durationSeconds, targets }) => chaosSchedule(seed, durationSeconds, targets),
  },
  {
    name: 'partner-bank-outage',
    description: 'partner-bank is down for 20 s: external transfers are held, then complete.',
    defaultDurationSeconds: 45,
    schedule: () => [
      {
        atSeconds: 5,
        kind: 'partner-bank',
        target: 'partner-bank',
        params: { mode: 'outage' },
        ttlSeconds: 20,
      },
    ],
  },
  {
    name: 'slow-accounts',
    description: 'Half the calls into accounts wait 300 ms (±100 ms) for 20 s.',
    defaultDurationSeconds: 45,
    schedule: () => [
      {
        atSeconds: 5,
        kind: 'latency',
        target: 'accounts',
        params: { delayMs: 300, jitterMs: 100, percentage: 50 },
        ttlSeconds: 20,
      },
    ],
  },
  {
    name: 'payments-crash',
    description: 'payments crashes and comes back after 8 s; its saga steps resume.',
    defaultDurationSeconds: 45,
    schedule: () => [
      {
        atSeconds: 5,
        kind: 'crash',
        target: 'payments',
        params: { restartAfterSeconds: 8 },
        ttlSeconds: 8,
      },
    ],
  },
];

import type { RedSample } from '../../live/history';

export interface RedPoint {
  t: number;
  rate: number;
  /** Percent, 0..100. */
  errors: number;
  p95: number | null;
}

/** History samples as chart rows (error rate in percent). */
export function redPoints(samples: readonly RedSample[]): RedPoint[] {
  return samples.map((sample) => ({
    t: sample.t,
    rate: sample.ratePerSecond,
    errors: sample.errorRate * 100,
    p95: sample.p95Ms,
  }));
}

/** The first history key that holds samples, else the first key's (empty) samples. */
export function firstWithSamples(
  candidates: readonly (readonly RedSample[])[],
): readonly RedSample[] {
  return candidates.find((samples) => samples.length > 0) ?? candidates[0] ?? [];
}

/** A chart's time span for its label: "45 s" up to two minutes, else "12 min". */
export function spanLabel(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

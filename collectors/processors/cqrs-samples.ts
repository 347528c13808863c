/** Time series helpers of the CQRS tracker: a position (v) at a time in Unix ms (t). */
export interface Sample {
  t: number;
  v: number;
}

/**
 * Inserts in time order (a sample at the same time replaces it); false for a sample older than
 * the latest (kept for the head's history, not for the current value).
 */
export function addSample(samples: Sample[], sample: Sample, max: number): boolean {
  let at = samples.length;
  while (at > 0 && samples[at - 1]!.t > sample.t) at--;
  if (at > 0 && samples[at - 1]!.t === sample.t) samples[at - 1] = sample;
  else samples.splice(at, 0, sample);
  if (samples.length > max) samples.shift();
  return at >= samples.length - 1;
}

/**
 * When the head first reached `position`: interpolated between the last head sample below it
 * and the first at or above it; the oldest sample's time when even that one was past it.
 */
export function appendedAt(heads: readonly Sample[], position: number): number {
  for (let i = 0; i < heads.length; i++) {
    const s = heads[i]!;
    if (s.v < position) continue;
    const before = heads[i - 1];
    if (!before) return s.t;
    return before.t + ((position - before.v) / (s.v - before.v)) * (s.t - before.t);
  }
  return heads[heads.length - 1]?.t ?? 0;
}

/** Increase per second over the window ending at the last sample, from the last reset on. */
export function increasePerSecond(samples: readonly Sample[], windowMs: number): number | null {
  const last = samples[samples.length - 1];
  if (!last) return null;
  const windowStart = last.t - windowMs;
  let first = last;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i]!;
    if (s.t < windowStart || s.v > first.v) break;
    first = s;
  }
  if (first.t === last.t) return null;
  return ((last.v - first.v) * 1000) / (last.t - first.t);
}

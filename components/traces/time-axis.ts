/**
 * The waterfall's time axis: "nice" tick offsets (1, 2 or 5 times a power of ten) from the
 * trace's start to its end, and positions on it as fractions of the whole.
 */
export interface Tick {
  /** Milliseconds after the trace's start. */
  offsetMs: number;
  /** 0..1 across the axis. */
  fraction: number;
}

/** The 1-2-5 step that splits `spanMs` into at most `maxIntervals` intervals. */
export function niceStep(spanMs: number, maxIntervals: number): number {
  if (!(spanMs > 0) || maxIntervals < 1) return 0;
  const raw = spanMs / maxIntervals;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) {
    const step = factor * magnitude;
    // A tiny tolerance: 0.3/3 must give 0.1, not 0.2, despite floating point.
    if (step >= raw * (1 - 1e-9)) return step;
  }
  return 10 * magnitude;
}

/** Ticks at every nice step from 0 up to `spanMs` (0 alone for an empty span). */
export function axisTicks(spanMs: number, maxIntervals = 5): Tick[] {
  const step = niceStep(spanMs, maxIntervals);
  if (step === 0) return [{ offsetMs: 0, fraction: 0 }];
  const ticks: Tick[] = [];
  for (let i = 0; i * step <= spanMs * (1 + 1e-9); i++) {
    // Multiply rather than add, so 0.1 steps do not drift to 0.30000000000000004.
    const offsetMs = Number((i * step).toPrecision(12));
    ticks.push({ offsetMs, fraction: Math.min(1, offsetMs / spanMs) });
  }
  return ticks;
}

/** Where [start, start + duration] sits on an axis from axisStart lasting axisMs, as 0..1. */
export function barGeometry(
  axisStartUnixMs: number,
  axisMs: number,
  startUnixMs: number,
  durationMs: number,
): { left: number; width: number } {
  if (!(axisMs > 0)) return { left: 0, width: 1 };
  const left = clamp01((startUnixMs - axisStartUnixMs) / axisMs);
  const width = clamp01(durationMs / axisMs);
  return { left, width: Math.min(width, 1 - left) };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * Where a bar's duration label goes: after the bar when there is room, else before it, else
 * inside it (a bar spanning nearly the whole axis).
 */
export function labelPlacement(bar: {
  left: number;
  width: number;
}): 'after' | 'before' | 'inside' {
  if (bar.left + bar.width <= 0.82) return 'after';
  if (bar.left >= 0.18) return 'before';
  return 'inside';
}

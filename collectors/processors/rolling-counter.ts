import type { SumPoint } from '../contracts/metrics';

/**
 * One counter series (an OTLP sum) as a running total, whatever its temporality: cumulative
 * values are taken as they are (a decrease, or a new start time, is a reset: counting goes on
 * from the total so far); delta values are added up. `increaseOver` answers the increase over
 * a window ending at the latest sample. Before the first sample the total is 0 at the point's
 * start time, when it has one; otherwise nothing is known before it.
 */

interface Sample {
  t: number;
  total: number;
}

export class RollingCounter {
  /** Time order; the first is the baseline of the window (trimmed as time moves on). */
  private readonly samples: Sample[] = [];
  private offset = 0;
  private lastRaw: number | undefined;
  private lastStart = 0;

  constructor(private readonly windowMs: number) {}

  /** Adds a point; false when it is not newer than the latest (ignored). */
  record(point: Pick<SumPoint, 'timeUnixMs' | 'startTimeUnixMs' | 'value' | 'temporality'>) {
    const { timeUnixMs: t, startTimeUnixMs: start, value } = point;
    const latest = this.samples[this.samples.length - 1];
    if (latest && t <= latest.t) return false;
    if (!Number.isFinite(value) || value < 0) return false;
    let total: number;
    if (point.temporality === 'delta') {
      total = (latest?.total ?? 0) + value;
    } else {
      const reset =
        this.lastRaw !== undefined &&
        (value < this.lastRaw || (start > 0 && start !== this.lastStart));
      if (reset) this.offset = latest?.total ?? 0;
      total = this.offset + value;
    }
    if (!latest && start > 0 && start < t) this.samples.push({ t: start, total: 0 });
    else if (!latest && point.temporality === 'delta') this.samples.push({ t, total: 0 });
    this.samples.push({ t, total });
    this.lastRaw = value;
    this.lastStart = start;
    this.trim(t - this.windowMs);
    return true;
  }

  /** The total so far (0 before any sample). */
  get total(): number {
    return this.samples[this.samples.length - 1]?.total ?? 0;
  }

  get latestUnixMs(): number {
    return this.samples[this.samples.length - 1]?.t ?? 0;
  }

  /** Increase over the window ending at the latest sample (since the first one if shorter). */
  increase(): number {
    const first = this.samples[0];
    return first ? this.total - first.total : 0;
  }

  /** Keeps the newest sample at or before `from` as the baseline, and everything after. */
  private trim(from: number): void {
    while (this.samples.length > 2 && this.samples[1]!.t <= from) this.samples.shift();
  }
}

import { type HistogramOptions, LogHistogram } from './histogram';

interface Bucket {
  /** floor(time / bucketMs) of the interval the bucket currently holds. */
  epoch: number;
  count: number;
  errors: number;
  latency: LogHistogram | undefined;
}

export interface WindowSummary {
  count: number;
  errors: number;
  latency: LogHistogram;
}

/**
 * Request counts, error counts and (optionally) latencies over the last `windowMs`, kept in a
 * ring of fixed-width time buckets; a bucket is reused once its interval leaves the window.
 */
export class RollingWindow {
  private readonly buckets: Bucket[];
  private readonly bucketMs: number;

  constructor(
    windowMs: number,
    bucketMs: number,
    private readonly withLatency: boolean,
    private readonly histogram: HistogramOptions = {},
  ) {
    this.bucketMs = bucketMs;
    const size = Math.max(1, Math.ceil(windowMs / bucketMs));
    this.buckets = Array.from({ length: size }, () => ({
      epoch: Number.NEGATIVE_INFINITY,
      count: 0,
      errors: 0,
      latency: undefined,
    }));
  }

  record(nowMs: number, error: boolean, latencyMs?: number): void {
    const epoch = Math.floor(nowMs / this.bucketMs);
    const bucket = this.buckets[mod(epoch, this.buckets.length)]!;
    if (epoch < bucket.epoch) return; // older than what the slot holds: already out of the window
    if (bucket.epoch !== epoch) {
      bucket.epoch = epoch;
      bucket.count = 0;
      bucket.errors = 0;
      bucket.latency = undefined;
    }
    bucket.count++;
    if (error) bucket.errors++;
    if (this.withLatency && latencyMs !== undefined) {
      bucket.latency ??= new LogHistogram(this.histogram);
      bucket.latency.record(latencyMs);
    }
  }

  /** Totals over the buckets whose interval lies within the window ending at `nowMs`. */
  summary(nowMs: number): WindowSummary {
    const current = Math.floor(nowMs / this.bucketMs);
    const oldest = current - this.buckets.length + 1;
    const summary: WindowSummary = {
      count: 0,
      errors: 0,
      latency: new LogHistogram(this.histogram),
    };
    for (const bucket of this.buckets) {
      if (bucket.epoch < oldest || bucket.epoch > current) continue;
      summary.count += bucket.count;
      summary.errors += bucket.errors;
      if (bucket.latency) summary.latency.merge(bucket.latency);
    }
    return summary;
  }
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/**
 * The seconds a window's count is divided by to give a rate: the time observed since the first
 * sample, at least one bucket and at most the window. A collector that started 5 s ago has seen
 * 5 s of traffic, not 60, so rates are right from the first seconds on.
 */
export function rateSeconds(
  observedSinceMs: number | undefined,
  nowMs: number,
  windowMs: number,
  bucketMs: number,
): number {
  const observedMs = nowMs - (observedSinceMs ?? nowMs);
  return Math.min(windowMs, Math.max(bucketMs, observedMs)) / 1000;
}

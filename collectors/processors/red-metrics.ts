import type { RedSeries, RedSnapshot } from '../contracts/red';
import type { Span } from '../contracts/traces';
import { type HistogramOptions, LogHistogram } from './histogram';

/**
 * RED metrics from entry spans (SERVER and CONSUMER): per service and per (service, span name),
 * request rate, error rate and duration percentiles over a rolling window of fixed buckets,
 * plus totals since start. A span counts in the bucket of the time it was recorded (`nowMs`,
 * the collector's clock), as a Prometheus counter would, so batching delays and clock skew of
 * the emitter do not shift figures out of the window. Series are capped; the least recently
 * updated is evicted first (its totals go with it).
 */

export interface RedMetricsOptions {
  /** Length of the rolling window (default 60 s). */
  windowSeconds?: number;
  /** Width of one bucket; must divide the window (default 1 s). */
  bucketSeconds?: number;
  /** Series (per-service and per-operation together) kept at most (default 2000). */
  maxSeries?: number;
  histogram?: HistogramOptions;
}

interface Bucket {
  epoch: number;
  count: number;
  errors: number;
  durations: LogHistogram;
}

interface Series {
  service: string;
  operation: string | undefined;
  buckets: (Bucket | undefined)[];
  totalRequests: number;
  totalErrors: number;
}

/** SERVER and CONSUMER spans: the work a service does for a request or a message. */
export function isEntrySpan(span: Span): boolean {
  return span.kind === 'server' || span.kind === 'consumer';
}

export class RedMetrics {
  readonly windowSeconds: number;
  readonly bucketSeconds: number;
  readonly maxSeries: number;
  private readonly bucketMs: number;
  private readonly bucketsPerWindow: number;
  private readonly histogramOptions: HistogramOptions;
  /** Insertion order is recency order: a touched series moves to the end. */
  private readonly series = new Map<string, Series>();

  constructor(options: RedMetricsOptions = {}) {
    this.windowSeconds = options.windowSeconds ?? 60;
    this.bucketSeconds = options.bucketSeconds ?? 1;
    this.maxSeries = options.maxSeries ?? 2000;
    const buckets = this.windowSeconds / this.bucketSeconds;
    if (!(this.bucketSeconds > 0) || !Number.isInteger(buckets) || buckets < 1) {
      throw new RangeError('windowSeconds must be a positive multiple of bucketSeconds');
    }
    if (!(this.maxSeries >= 1)) throw new RangeError('maxSeries must be at least 1');
    this.bucketsPerWindow = buckets;
    this.bucketMs = this.bucketSeconds * 1000;
    this.histogramOptions = options.histogram ?? {};
  }

  get seriesCount(): number {
    return this.series.size;
  }

  /** Records an entry span seen at `nowMs`; returns false (and ignores it) for other kinds. */
  record(span: Span, nowMs: number): boolean {
    if (!isEntrySpan(span)) return false;
    const isError = span.statusCode === 'error';
    const epoch = Math.floor(nowMs / this.bucketMs);
    this.add(`s\u0000${span.service}`, span.service, undefined, epoch, span.durationMs, isError);
    this.add(
      `o\u0000${span.service}\u0000${span.name}`,
      span.service,
      span.name,
      epoch,
      span.durationMs,
      isError,
    );
    return true;
  }

  /** Records every entry span of a batch; returns how many counted. */
  recordAll(spans: Iterable<Span>, nowMs: number): number {
    let counted = 0;
    for (const span of spans) if (this.record(span, nowMs)) counted++;
    return counted;
  }

  /** Figures over the window ending at `nowMs`, sorted by service then operation. */
  snapshot(nowMs: number): RedSnapshot {
    const nowEpoch = Math.floor(nowMs / this.bucketMs);
    const services: RedSeries[] = [];
    const operations: RedSeries[] = [];
    for (const s of this.series.values()) {
      const figures = this.figures(s, nowEpoch);
      (s.operation === undefined ? services : operations).push(figures);
    }
    const byName = (a: RedSeries, b: RedSeries) =>
      a.service.localeCompare(b.service) || (a.operation ?? '').localeCompare(b.operation ?? '');
    return {
      generatedAtUnixMs: nowMs,
      windowSeconds: this.windowSeconds,
      services: services.sort(byName),
      operations: operations.sort(byName),
    };
  }

  private add(
    key: string,
    service: string,
    operation: string | undefined,
    epoch: number,
    durationMs: number,
    isError: boolean,
  ): void {
    let s = this.series.get(key);
    if (s) {
      this.series.delete(key);
    } else {
      s = { service, operation, buckets: [], totalRequests: 0, totalErrors: 0 };
      while (this.series.size >= this.maxSeries) {
        const oldest = this.series.keys().next().value as string;
        this.series.delete(oldest);
      }
    }
    this.series.set(key, s);
    s.totalRequests++;
    if (isError) s.totalErrors++;

    const slot = ((epoch % this.bucketsPerWindow) + this.bucketsPerWindow) % this.bucketsPerWindow;
    let bucket = s.buckets[slot];
    if (bucket && bucket.epoch > epoch) return; // older than the window this slot now holds
    if (!bucket) {
      bucket = { epoch, count: 0, errors: 0, durations: new LogHistogram(this.histogramOptions) };
      s.buckets[slot] = bucket;
    } else if (bucket.epoch < epoch) {
      bucket.epoch = epoch;
      bucket.count = 0;
      bucket.errors = 0;
      bucket.durations.clear();
    }
    bucket.count++;
    if (isError) bucket.errors++;
    bucket.durations.record(durationMs);
  }

  private figures(s: Series, nowEpoch: number): RedSeries {
    const durations = new LogHistogram(this.histogramOptions);
    let count = 0;
    let errors = 0;
    for (const bucket of s.buckets) {
      if (!bucket || bucket.epoch > nowEpoch || bucket.epoch <= nowEpoch - this.bucketsPerWindow) {
        continue;
      }
      count += bucket.count;
      errors += bucket.errors;
      durations.merge(bucket.durations);
    }
    return {
      service: s.service,
      ...(s.operation === undefined ? {} : { operation: s.operation }),
      requestRatePerSecond: count / this.windowSeconds,
      errorRate: count === 0 ? 0 : errors / count,
      requestCount: count,
      errorCount: errors,
      latencyMs: {
        p50: durations.quantile(0.5),
        p95: durations.quantile(0.95),
        p99: durations.quantile(0.99),
      },
      totalRequests: s.totalRequests,
      totalErrors: s.totalErrors,
    };
  }
}

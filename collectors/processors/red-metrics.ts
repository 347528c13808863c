import type { RedSeries, RedSnapshot } from '../contracts/red';
import type { Span } from '../contracts/traces';
import type { HistogramOptions } from './histogram';
import { RollingWindow, rateSeconds } from './rolling-window';

/**
 * RED metrics from entry spans (SERVER and CONSUMER): per service and per (service, span name),
 * request rate, error rate and duration percentiles over a rolling window of fixed buckets,
 * plus totals since start. A span counts in the bucket of the time it was recorded (`nowMs`,
 * the collector's clock), as a Prometheus counter would, so batching delays and clock skew of
 * the emitter do not shift figures out of the window. Rates divide by the time observed since
 * the first span (at least one bucket, at most the window), like the service graph's. Series
 * are capped; the least recently updated is evicted first (its totals go with it).
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

interface Series {
  service: string;
  operation: string | undefined;
  window: RollingWindow;
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
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly histogramOptions: HistogramOptions;
  /** Insertion order is recency order: a touched series moves to the end. */
  private readonly series = new Map<string, Series>();
  /** When the first entry span was recorded. */
  private observedSinceMs: number | undefined;

  constructor(options: RedMetricsOptions = {}) {
    this.windowSeconds = options.windowSeconds ?? 60;
    this.bucketSeconds = options.bucketSeconds ?? 1;
    this.maxSeries = options.maxSeries ?? 2000;
    const buckets = this.windowSeconds / this.bucketSeconds;
    if (!(this.bucketSeconds > 0) || !Number.isInteger(buckets) || buckets < 1) {
      throw new RangeError('windowSeconds must be a positive multiple of bucketSeconds');
    }
    if (!(this.maxSeries >= 1)) throw new RangeError('maxSeries must be at least 1');
    this.windowMs = this.windowSeconds * 1000;
    this.bucketMs = this.bucketSeconds * 1000;
    this.histogramOptions = options.histogram ?? {};
  }

  get seriesCount(): number {
    return this.series.size;
  }

  /** Records an entry span seen at `nowMs`; returns false (and ignores it) for other kinds. */
  record(span: Span, nowMs: number): boolean {
    if (!isEntrySpan(span)) return false;
    this.observedSinceMs ??= nowMs;
    const isError = span.statusCode === 'error';
    this.add(`s\u0000${span.service}`, span.service, undefined, nowMs, span.durationMs, isError);
    this.add(
      `o\u0000${span.service}\u0000${span.name}`,
      span.service,
      span.name,
      nowMs,
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
    const seconds = rateSeconds(this.observedSinceMs, nowMs, this.windowMs, this.bucketMs);
    const services: RedSeries[] = [];
    const operations: RedSeries[] = [];
    for (const s of this.series.values()) {
      const figures = figuresOf(s, nowMs, seconds);
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
    nowMs: number,
    durationMs: number,
    isError: boolean,
  ): void {
    let s = this.series.get(key);
    if (s) {
      this.series.delete(key);
    } else {
      const window = new RollingWindow(this.windowMs, this.bucketMs, true, this.histogramOptions);
      s = { service, operation, window, totalRequests: 0, totalErrors: 0 };
      while (this.series.size >= this.maxSeries) {
        this.series.delete(this.series.keys().next().value as string);
      }
    }
    this.series.set(key, s);
    s.totalRequests++;
    if (isError) s.totalErrors++;
    s.window.record(nowMs, isError, durationMs);
  }
}

function figuresOf(s: Series, nowMs: number, seconds: number): RedSeries {
  const { count, errors, latency } = s.window.summary(nowMs);
  return {
    service: s.service,
    ...(s.operation === undefined ? {} : { operation: s.operation }),
    requestRatePerSecond: count / seconds,
    errorRate: count === 0 ? 0 : errors / count,
    requestCount: count,
    errorCount: errors,
    latencyMs: {
      p50: latency.quantile(0.5),
      p95: latency.quantile(0.95),
      p99: latency.quantile(0.99),
    },
    totalRequests: s.totalRequests,
    totalErrors: s.totalErrors,
  };
}

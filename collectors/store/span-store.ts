import type { Span, Trace } from '../contracts/traces';

export interface SpanStoreStats {
  traces: number;
  spans: number;
  /** Traces evicted to stay within the span limit since start. */
  evictedTraces: number;
  evictedSpans: number;
}

export interface SpanStoreHooks {
  /** Called for every trace evicted to stay within the span limit (keeps indexes in step). */
  onEvictTrace?: (traceId: string, spans: readonly Span[]) => void;
}

/**
 * Spans grouped by trace id, bounded by a total span count. When a new span would pass the
 * limit, whole traces are evicted, oldest first (by when their first span arrived). A Map keeps
 * insertion order, so the oldest trace is always its first key: inserts are O(1) amortised.
 */
export class SpanStore {
  private readonly traces = new Map<string, Span[]>();
  private spanCount = 0;
  private evictedTraces = 0;
  private evictedSpans = 0;

  constructor(
    readonly maxSpans: number,
    private readonly hooks: SpanStoreHooks = {},
  ) {
    if (!Number.isInteger(maxSpans) || maxSpans < 1) {
      throw new RangeError(`maxSpans must be a positive integer, got ${maxSpans}`);
    }
  }

  add(spans: Iterable<Span>): void {
    for (const span of spans) this.addOne(span);
  }

  addOne(span: Span): void {
    let trace = this.traces.get(span.traceId);
    if (!trace) {
      trace = [];
      this.traces.set(span.traceId, trace);
    }
    trace.push(span);
    this.spanCount++;
    while (this.spanCount > this.maxSpans) this.evictOldest();
  }

  /** The trace's spans ordered by start time, or undefined if unknown (or evicted). */
  getTrace(traceId: string): Trace | undefined {
    const spans = this.traces.get(traceId);
    if (!spans) return undefined;
    return {
      traceId,
      spans: [...spans].sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs),
    };
  }

  /** The trace's spans in arrival order, without a copy; do not modify. */
  getSpans(traceId: string): readonly Span[] | undefined {
    return this.traces.get(traceId);
  }

  stats(): SpanStoreStats {
    return {
      traces: this.traces.size,
      spans: this.spanCount,
      evictedTraces: this.evictedTraces,
      evictedSpans: this.evictedSpans,
    };
  }

  private evictOldest(): void {
    const oldest = this.traces.entries().next();
    if (oldest.done) return;
    const [traceId, spans] = oldest.value;
    this.traces.delete(traceId);
    this.spanCount -= spans.length;
    this.evictedTraces++;
    this.evictedSpans += spans.length;
    this.hooks.onEvictTrace?.(traceId, spans);
  }
}

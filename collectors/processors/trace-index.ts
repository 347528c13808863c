import type { TraceSearchQuery, TraceSummary } from '../contracts/trace-search';
import type { Span, StatusCode } from '../contracts/traces';
import { matchesAttributes } from './trace-search';
import { findRootSpan, spanEndUnixMs } from './trace-tree';

/**
 * Per-trace figures kept up to date span by span, so a trace search scans one small entry per
 * trace instead of re-summarising every stored trace. It answers exactly what `searchTraces`
 * answers over whole traces (trace-index.test.ts checks both against each other). Spans stay in
 * the span store; the index reads them through `spansOf` only for attribute filters and for the
 * root of a trace whose root span has not arrived. Call `remove` when the store evicts a trace.
 */

interface Entry {
  traceId: string;
  startUnixMs: number;
  endUnixMs: number;
  spanCount: number;
  errorCount: number;
  services: Set<string>;
  /** `${service}\0${name}` -> pair */
  operations: Map<string, { service: string; name: string }>;
  /** The span without parent (earliest, then longest), once one has arrived. */
  trueRoot: Span | undefined;
  /** Cleared whenever a span arrives. */
  summary: TraceSummary | undefined;
}

export class TraceIndex {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly spansOf: (traceId: string) => readonly Span[] | undefined) {}

  get size(): number {
    return this.entries.size;
  }

  add(span: Span): void {
    let entry = this.entries.get(span.traceId);
    if (!entry) {
      entry = {
        traceId: span.traceId,
        startUnixMs: span.startTimeUnixMs,
        endUnixMs: spanEndUnixMs(span),
        spanCount: 0,
        errorCount: 0,
        services: new Set(),
        operations: new Map(),
        trueRoot: undefined,
        summary: undefined,
      };
      this.entries.set(span.traceId, entry);
    }
    entry.summary = undefined;
    entry.spanCount++;
    entry.startUnixMs = Math.min(entry.startUnixMs, span.startTimeUnixMs);
    entry.endUnixMs = Math.max(entry.endUnixMs, spanEndUnixMs(span));
    if (span.statusCode === 'error') entry.errorCount++;
    entry.services.add(span.service);
    const op = `${span.service}\u0000${span.name}`;
    if (!entry.operations.has(op))
      entry.operations.set(op, { service: span.service, name: span.name });
    if (span.parentSpanId === '' && (!entry.trueRoot || earlierOrLonger(span, entry.trueRoot))) {
      entry.trueRoot = span;
    }
  }

  remove(traceId: string): void {
    this.entries.delete(traceId);
  }

  /** The trace's summary (shared and cached: do not modify), or undefined if unknown. */
  summary(traceId: string): TraceSummary | undefined {
    const entry = this.entries.get(traceId);
    return entry && this.summaryOf(entry);
  }

  /** Like `searchTraces`: every filter matches, newest start first, at most `query.limit`. */
  search(query: TraceSearchQuery): TraceSummary[] {
    const candidates: Entry[] = [];
    for (const entry of this.entries.values()) {
      if (matchesCheaply(entry, query)) candidates.push(entry);
    }
    candidates.sort((a, b) => b.startUnixMs - a.startUnixMs || a.traceId.localeCompare(b.traceId));
    const found: TraceSummary[] = [];
    for (const entry of candidates) {
      if (found.length >= query.limit) break;
      const summary = this.summaryOf(entry);
      if (!summary) continue;
      if (query.status !== 'any' && summary.status !== query.status) continue;
      if (query.attribute.length > 0) {
        const spans = this.spansOf(entry.traceId);
        if (!spans || !matchesAttributes(spans, query.attribute)) continue;
      }
      found.push(summary);
    }
    return found;
  }

  private summaryOf(entry: Entry): TraceSummary | undefined {
    if (entry.summary) return entry.summary;
    const root = entry.trueRoot ?? findRootSpan(this.spansOf(entry.traceId) ?? []);
    if (!root) return undefined;
    const status: StatusCode =
      entry.errorCount > 0 ? 'error' : root.statusCode === 'ok' ? 'ok' : 'unset';
    entry.summary = {
      traceId: entry.traceId,
      rootService: root.service,
      rootOperation: root.name,
      startUnixMs: entry.startUnixMs,
      durationMs: Math.max(0, entry.endUnixMs - entry.startUnixMs),
      spanCount: entry.spanCount,
      errorCount: entry.errorCount,
      status,
      services: [...entry.services].sort(),
      operations: [...entry.operations.values()].sort(
        (a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name),
      ),
    };
    return entry.summary;
  }
}

/** Every filter that the entry's running figures can answer without the root span. */
function matchesCheaply(e: Entry, q: TraceSearchQuery): boolean {
  if (q.status === 'error' && e.errorCount === 0) return false;
  if ((q.status === 'ok' || q.status === 'unset') && e.errorCount > 0) return false;
  const durationMs = Math.max(0, e.endUnixMs - e.startUnixMs);
  if (q.minDurationMs !== undefined && durationMs < q.minDurationMs) return false;
  if (q.maxDurationMs !== undefined && durationMs > q.maxDurationMs) return false;
  if (q.startUnixMs !== undefined && e.startUnixMs < q.startUnixMs) return false;
  if (q.endUnixMs !== undefined && e.startUnixMs > q.endUnixMs) return false;
  if (q.operation !== undefined) {
    if (q.service !== undefined) return e.operations.has(`${q.service}\u0000${q.operation}`);
    for (const op of e.operations.values()) if (op.name === q.operation) return true;
    return false;
  }
  return q.service === undefined || e.services.has(q.service);
}

function earlierOrLonger(a: Span, b: Span): boolean {
  return (
    a.startTimeUnixMs < b.startTimeUnixMs ||
    (a.startTimeUnixMs === b.startTimeUnixMs && a.durationMs > b.durationMs)
  );
}

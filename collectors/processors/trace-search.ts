import type { AttributeFilter, TraceSearchQuery, TraceSummary } from '../contracts/trace-search';
import type { AttributeValue, Span, StatusCode, Trace } from '../contracts/traces';
import { findRootSpan, spanEndUnixMs } from './trace-tree';

/**
 * Trace search over trace summaries: summarise each trace once, filter by the query, answer
 * newest first. Parse the query with `parseTraceSearchQuery` from the contracts.
 */

/** The summary of one trace's spans; null when there are none. */
export function summarizeTrace(spans: readonly Span[]): TraceSummary | null {
  const root = findRootSpan(spans);
  if (!root) return null;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let errorCount = 0;
  const services = new Set<string>();
  const operations = new Map<string, { service: string; name: string }>();
  for (const span of spans) {
    start = Math.min(start, span.startTimeUnixMs);
    end = Math.max(end, spanEndUnixMs(span));
    if (span.statusCode === 'error') errorCount++;
    services.add(span.service);
    operations.set(`${span.service}\u0000${span.name}`, { service: span.service, name: span.name });
  }
  const status: StatusCode = errorCount > 0 ? 'error' : root.statusCode === 'ok' ? 'ok' : 'unset';
  return {
    traceId: root.traceId,
    rootService: root.service,
    rootOperation: root.name,
    startUnixMs: start,
    durationMs: Math.max(0, end - start),
    spanCount: spans.length,
    errorCount,
    status,
    services: [...services].sort(),
    operations: [...operations.values()].sort(
      (a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name),
    ),
  };
}

/**
 * The traces matching every filter of the query, newest start first, at most `query.limit`.
 * Pass whole traces where you can: a bare summary cannot answer attribute filters, so it never
 * matches a query that has them.
 */
export function searchTraces(
  items: Iterable<Trace | TraceSummary>,
  query: TraceSearchQuery,
): TraceSummary[] {
  const matches: TraceSummary[] = [];
  for (const item of items) {
    const isTrace = 'spans' in item;
    const summary = isTrace ? summarizeTrace(item.spans) : item;
    if (!summary || !matchesSummary(summary, query)) continue;
    if (
      query.attribute.length > 0 &&
      !(isTrace && matchesAttributes(item.spans, query.attribute))
    ) {
      continue;
    }
    matches.push(summary);
  }
  matches.sort((a, b) => b.startUnixMs - a.startUnixMs || a.traceId.localeCompare(b.traceId));
  return matches.slice(0, query.limit);
}

function matchesSummary(s: TraceSummary, q: TraceSearchQuery): boolean {
  if (q.status !== 'any' && s.status !== q.status) return false;
  if (q.minDurationMs !== undefined && s.durationMs < q.minDurationMs) return false;
  if (q.maxDurationMs !== undefined && s.durationMs > q.maxDurationMs) return false;
  if (q.startUnixMs !== undefined && s.startUnixMs < q.startUnixMs) return false;
  if (q.endUnixMs !== undefined && s.startUnixMs > q.endUnixMs) return false;
  if (q.operation !== undefined) {
    const { operation, service } = q;
    return s.operations.some(
      (op) => op.name === operation && (service === undefined || op.service === service),
    );
  }
  return q.service === undefined || s.services.includes(q.service);
}

/** Every filter matches a span or resource attribute of some span (not necessarily the same). */
export function matchesAttributes(
  spans: readonly Span[],
  filters: readonly AttributeFilter[],
): boolean {
  return filters.every((f) =>
    spans.some(
      (span) =>
        valueMatches(span.attributes[f.key], f.value) ||
        valueMatches(span.resourceAttributes[f.key], f.value),
    ),
  );
}

function valueMatches(value: AttributeValue | undefined, wanted: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => String(v) === wanted);
  return String(value) === wanted;
}

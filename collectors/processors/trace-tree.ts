import type { Span } from '../contracts/traces';

/** Small helpers over the spans of one trace, shared by trace processors. */

export const spanEndUnixMs = (span: Span): number => span.startTimeUnixMs + span.durationMs;

/**
 * The trace's root: a span without parent (the earliest, then the longest, when there are
 * several); when the root has not arrived, the earliest span whose parent is missing.
 */
export function findRootSpan(spans: readonly Span[]): Span | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  let best: Span | undefined;
  let bestIsTrueRoot = false;
  for (const span of spans) {
    const isTrueRoot = span.parentSpanId === '';
    if (!isTrueRoot && ids.has(span.parentSpanId)) continue;
    if (
      !best ||
      (isTrueRoot && !bestIsTrueRoot) ||
      (isTrueRoot === bestIsTrueRoot && earlierOrLonger(span, best))
    ) {
      best = span;
      bestIsTrueRoot = isTrueRoot;
    }
  }
  return best ?? earliest(spans);
}

function earlierOrLonger(a: Span, b: Span): boolean {
  return (
    a.startTimeUnixMs < b.startTimeUnixMs ||
    (a.startTimeUnixMs === b.startTimeUnixMs && a.durationMs > b.durationMs)
  );
}

function earliest(spans: readonly Span[]): Span | undefined {
  let best: Span | undefined;
  for (const span of spans) if (!best || earlierOrLonger(span, best)) best = span;
  return best;
}

/** Children of each span id (spans whose parent is missing are nobody's child). */
export function childrenByParent(spans: readonly Span[]): Map<string, Span[]> {
  const children = new Map<string, Span[]>();
  for (const span of spans) {
    if (span.parentSpanId === '' || span.parentSpanId === span.spanId) continue;
    const list = children.get(span.parentSpanId);
    if (list) list.push(span);
    else children.set(span.parentSpanId, [span]);
  }
  return children;
}

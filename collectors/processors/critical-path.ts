import { meshAttributes } from '../contracts/conventions';
import type { CriticalPath, CriticalPathSegment } from '../contracts/critical-path';
import type { Span } from '../contracts/traces';
import { childrenByParent, findRootSpan, spanEndUnixMs } from './trace-tree';

/**
 * The critical path of a trace, after Jaeger UI's algorithm: start at the root's end; at each
 * span, the section from the end of the child that finished last before the cursor up to the
 * cursor is the span's own work, then the path descends into that child; with no such child,
 * the rest of the span back to its start is its own, and the walk returns to the parent with
 * the cursor at the span's start. Children are first clamped into their parent's interval (a
 * child that outlives its parent, or starts before it through clock skew, is cut; one wholly
 * outside is dropped with its subtree), so the segments tile the root exactly.
 *
 * Sidecar spans (`mesh.sidecar=true`, see the conventions) are left out of the walk: a sidecar
 * forwards its caller's traceparent, so its span is a sibling of the upstream's server span and,
 * wrapping the whole call, would always finish last and hide the server work behind it. Their
 * share of the time stays with the calling span (the client's own time: network plus proxy).
 */

interface Node {
  span: Span;
  start: number;
  end: number;
  parent: Node | undefined;
  /** Clamped children, latest end first (earliest start first on ties). */
  children: Node[];
}

/** The critical path from `rootSpanId` (default: the trace's root), segments in time order. */
export function criticalPath(spans: readonly Span[], rootSpanId?: string): CriticalPath {
  const rootSpan =
    rootSpanId === undefined ? findRootSpan(spans) : spans.find((s) => s.spanId === rootSpanId);
  if (!rootSpan) return { traceId: spans[0]?.traceId ?? '', rootSpanId: '', segments: [] };
  const root = buildClampedTree(rootSpan, childrenByParent(spans));

  const reversed: CriticalPathSegment[] = [];
  const emit = (node: Node, start: number, end: number) => {
    if (end > start)
      reversed.push({ spanId: node.span.spanId, startUnixMs: start, endUnixMs: end });
  };
  let node = root;
  let cursor = root.end;
  for (;;) {
    const child = node.children.find((c) => c.end <= cursor && c.start < cursor);
    if (child) {
      emit(node, child.end, cursor);
      node = child;
      cursor = child.end;
      continue;
    }
    emit(node, node.start, cursor);
    if (!node.parent) break;
    cursor = node.start;
    node = node.parent;
  }
  return {
    traceId: rootSpan.traceId,
    rootSpanId: rootSpan.spanId,
    segments: mergeAdjacent(reversed.reverse()),
  };
}

function buildClampedTree(rootSpan: Span, children: Map<string, Span[]>): Node {
  const root: Node = {
    span: rootSpan,
    start: rootSpan.startTimeUnixMs,
    end: spanEndUnixMs(rootSpan),
    parent: undefined,
    children: [],
  };
  const seen = new Set([rootSpan.spanId]);
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const span of children.get(node.span.spanId) ?? []) {
      if (seen.has(span.spanId)) continue; // duplicate span or a cycle in bad data
      if (span.attributes[meshAttributes.sidecar] === true) continue;
      const start = Math.max(span.startTimeUnixMs, node.start);
      const end = Math.min(spanEndUnixMs(span), node.end);
      if (start > end) continue;
      seen.add(span.spanId);
      const child: Node = { span, start, end, parent: node, children: [] };
      node.children.push(child);
      pending.push(child);
    }
    node.children.sort((a, b) => b.end - a.end || a.start - b.start);
  }
  return root;
}

function mergeAdjacent(segments: CriticalPathSegment[]): CriticalPathSegment[] {
  const merged: CriticalPathSegment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && last.spanId === segment.spanId && last.endUnixMs === segment.startUnixMs) {
      last.endUnixMs = segment.endUnixMs;
    } else {
      merged.push({ ...segment });
    }
  }
  return merged;
}

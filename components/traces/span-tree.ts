import type { Span } from '../../collectors/contracts';

/**
 * The span tree of one trace, flattened in display order (depth first, children by start
 * time), and the rows left visible when some subtrees are collapsed. Spans whose parent is not
 * in the trace (not received yet, or evicted) become extra roots, as Jaeger shows them.
 */
export interface SpanNode {
  span: Span;
  depth: number;
  /** Ids of the direct children, in start order. */
  childIds: string[];
  /** Spans below this one, at any depth. */
  descendantCount: number;
  /** The parent span id when the parent is in the trace, else null. */
  parentId: string | null;
}

export interface SpanTree {
  /** Every span in display order. */
  nodes: SpanNode[];
  byId: ReadonlyMap<string, SpanNode>;
  /** Earliest start and latest end over all spans: the waterfall's time axis. */
  startUnixMs: number;
  endUnixMs: number;
}

function byStart(a: Span, b: Span): number {
  return a.startTimeUnixMs - b.startTimeUnixMs || a.spanId.localeCompare(b.spanId);
}

export function buildSpanTree(spans: readonly Span[]): SpanTree {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of spans) {
    const parent = span.parentSpanId;
    // A self-parented span would loop; treat it as a root like an orphan.
    if (parent !== '' && parent !== span.spanId && ids.has(parent)) {
      const siblings = children.get(parent);
      if (siblings) siblings.push(span);
      else children.set(parent, [span]);
    } else {
      roots.push(span);
    }
  }

  const nodes: SpanNode[] = [];
  const byId = new Map<string, SpanNode>();
  // Iterative depth-first walk: traces can be deep, recursion could overflow.
  const stack: { span: Span; depth: number; parentId: string | null }[] = roots
    .sort(byStart)
    .reverse()
    .map((span) => ({ span, depth: 0, parentId: null }));
  while (stack.length > 0) {
    const { span, depth, parentId } = stack.pop()!;
    if (byId.has(span.spanId)) continue; // a cycle in parent ids: show each span once
    const kids = (children.get(span.spanId) ?? []).sort(byStart);
    const node: SpanNode = {
      span,
      depth,
      childIds: kids.map((kid) => kid.spanId),
      descendantCount: 0,
      parentId,
    };
    nodes.push(node);
    byId.set(span.spanId, node);
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push({ span: kids[i]!, depth: depth + 1, parentId: span.spanId });
    }
  }
  // Spans caught in a parent cycle never hang below a root: list them as roots at the end.
  for (const span of spans) {
    if (byId.has(span.spanId)) continue;
    const node: SpanNode = { span, depth: 0, childIds: [], descendantCount: 0, parentId: null };
    nodes.push(node);
    byId.set(span.spanId, node);
  }
  // Display order lists every descendant after its ancestor: count backwards.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.parentId === null) continue;
    const parent = byId.get(node.parentId);
    if (parent) parent.descendantCount += 1 + node.descendantCount;
  }

  let startUnixMs = Number.POSITIVE_INFINITY;
  let endUnixMs = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    startUnixMs = Math.min(startUnixMs, span.startTimeUnixMs);
    endUnixMs = Math.max(endUnixMs, span.startTimeUnixMs + span.durationMs);
  }
  if (spans.length === 0) startUnixMs = endUnixMs = 0;
  return { nodes, byId, startUnixMs, endUnixMs };
}

/** The rows shown when the subtrees under `collapsed` span ids are folded away. */
export function visibleNodes(tree: SpanTree, collapsed: ReadonlySet<string>): SpanNode[] {
  const rows: SpanNode[] = [];
  for (let i = 0; i < tree.nodes.length; i++) {
    const node = tree.nodes[i]!;
    rows.push(node);
    if (collapsed.has(node.span.spanId)) i += node.descendantCount;
  }
  return rows;
}

/** Ids of the spans above `spanId`, nearest first (empty for a root or an unknown id). */
export function ancestorIds(tree: SpanTree, spanId: string): string[] {
  const ancestors: string[] = [];
  let node = tree.byId.get(spanId);
  while (node?.parentId != null) {
    ancestors.push(node.parentId);
    node = tree.byId.get(node.parentId);
  }
  return ancestors;
}

/** `collapsed` without the ancestors of `spanId`, so that span is visible; same set if it was. */
export function revealSpan(
  tree: SpanTree,
  collapsed: ReadonlySet<string>,
  spanId: string,
): ReadonlySet<string> {
  const hidden = ancestorIds(tree, spanId).filter((id) => collapsed.has(id));
  if (hidden.length === 0) return collapsed;
  const next = new Set(collapsed);
  for (const id of hidden) next.delete(id);
  return next;
}

/** Collapse or expand one span's subtree (a span without children never collapses). */
export function toggleCollapsed(
  tree: SpanTree,
  collapsed: ReadonlySet<string>,
  spanId: string,
  collapse: boolean,
): ReadonlySet<string> {
  const node = tree.byId.get(spanId);
  if (!node || node.childIds.length === 0 || collapsed.has(spanId) === collapse) return collapsed;
  const next = new Set(collapsed);
  if (collapse) next.add(spanId);
  else next.delete(spanId);
  return next;
}

/** Every span with children collapsed below `depth` (Jaeger's "collapse to level"). */
export function collapseBelowDepth(tree: SpanTree, depth: number): ReadonlySet<string> {
  const collapsed = new Set<string>();
  for (const node of tree.nodes) {
    if (node.depth >= depth && node.childIds.length > 0) collapsed.add(node.span.spanId);
  }
  return collapsed;
}

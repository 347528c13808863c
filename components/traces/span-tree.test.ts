import { describe, expect, it } from 'vitest';
import type { Span } from '../../collectors/contracts';
import {
  ancestorIds,
  buildSpanTree,
  collapseBelowDepth,
  revealSpan,
  toggleCollapsed,
  visibleNodes,
} from './span-tree';

function span(spanId: string, parentSpanId: string, start: number, duration: number): Span {
  return {
    traceId: 't'.repeat(32),
    spanId,
    parentSpanId,
    name: `op-${spanId}`,
    kind: 'internal',
    service: 'svc',
    startTimeUnixMs: start,
    durationMs: duration,
    statusCode: 'unset',
    statusMessage: '',
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
  };
}

/*
 * root (0-100)
 * ├── b (10-40)      (listed after c in the input, starts first)
 * │   └── d (15-30)
 * └── c (50-90)
 * orphan x (parent "gone" not held) (5-8)
 */
const spans = [
  span('root', '', 0, 100),
  span('c', 'root', 50, 40),
  span('d', 'b', 15, 15),
  span('b', 'root', 10, 30),
  span('x', 'gone', 5, 3),
];

const ids = (nodes: { span: Span }[]) => nodes.map((node) => node.span.spanId);

describe('buildSpanTree', () => {
  it('orders depth first with children by start time, orphans as extra roots', () => {
    const tree = buildSpanTree(spans);
    expect(ids(tree.nodes)).toEqual(['root', 'b', 'd', 'c', 'x']);
    expect(tree.nodes.map((node) => node.depth)).toEqual([0, 1, 2, 1, 0]);
    expect(tree.byId.get('root')?.childIds).toEqual(['b', 'c']);
    expect(tree.byId.get('x')?.parentId).toBeNull();
  });

  it('counts descendants and spans the axis over all spans', () => {
    const tree = buildSpanTree(spans);
    expect(tree.byId.get('root')?.descendantCount).toBe(3);
    expect(tree.byId.get('b')?.descendantCount).toBe(1);
    expect(tree.byId.get('d')?.descendantCount).toBe(0);
    expect([tree.startUnixMs, tree.endUnixMs]).toEqual([0, 100]);
  });

  it('shows every span once even when parent ids form a cycle', () => {
    const tree = buildSpanTree([span('a', 'b', 0, 1), span('b', 'a', 1, 1), span('s', 's', 2, 1)]);
    expect(ids(tree.nodes).sort()).toEqual(['a', 'b', 's']);
  });

  it('handles an empty trace', () => {
    const tree = buildSpanTree([]);
    expect(tree.nodes).toEqual([]);
    expect([tree.startUnixMs, tree.endUnixMs]).toEqual([0, 0]);
  });
});

describe('collapsing', () => {
  const tree = buildSpanTree(spans);

  it('hides the whole subtree of a collapsed span but keeps the span', () => {
    const collapsed = toggleCollapsed(tree, new Set(), 'b', true);
    expect(ids(visibleNodes(tree, collapsed))).toEqual(['root', 'b', 'c', 'x']);
    const all = toggleCollapsed(tree, collapsed, 'root', true);
    expect(ids(visibleNodes(tree, all))).toEqual(['root', 'x']);
    expect(ids(visibleNodes(tree, toggleCollapsed(tree, all, 'root', false)))).toEqual([
      'root',
      'b',
      'c',
      'x',
    ]);
  });

  it('never collapses a leaf and returns the same set when nothing changes', () => {
    const none = new Set<string>();
    expect(toggleCollapsed(tree, none, 'd', true)).toBe(none);
    expect(toggleCollapsed(tree, none, 'b', false)).toBe(none);
  });

  it('reveals a span by expanding its collapsed ancestors only', () => {
    expect(ancestorIds(tree, 'd')).toEqual(['b', 'root']);
    const collapsed = new Set(['root', 'b', 'c']);
    const revealed = revealSpan(tree, collapsed, 'd');
    expect([...revealed].sort()).toEqual(['c']);
    expect(ids(visibleNodes(tree, revealed))).toContain('d');
    expect(revealSpan(tree, revealed, 'd')).toBe(revealed);
  });

  it('collapses everything with children at or below a depth', () => {
    expect([...collapseBelowDepth(tree, 1)]).toEqual(['b']);
    expect([...collapseBelowDepth(tree, 0)].sort()).toEqual(['b', 'root']);
  });
});

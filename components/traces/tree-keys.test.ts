import { describe, expect, it } from 'vitest';
import type { Span } from '../../collectors/contracts';
import { buildSpanTree, visibleNodes } from './span-tree';
import { treeKeyAction } from './tree-keys';

const span = (spanId: string, parentSpanId: string, start: number): Span => ({
  traceId: 't',
  spanId,
  parentSpanId,
  name: spanId,
  kind: 'server',
  service: 's',
  startTimeUnixMs: start,
  durationMs: 1,
  statusCode: 'unset',
  statusMessage: '',
  attributes: {},
  resourceAttributes: {},
  events: [],
  links: [],
});

/*
 * root
 * ├── a
 * │   └── a1
 * └── b
 */
const tree = buildSpanTree([
  span('root', '', 0),
  span('a', 'root', 1),
  span('a1', 'a', 2),
  span('b', 'root', 3),
]);
const none = new Set<string>();
const rows = visibleNodes(tree, none);

describe('treeKeyAction', () => {
  it('moves up and down within the visible rows and jumps with Home/End', () => {
    expect(treeKeyAction(rows, 0, 'ArrowDown', none)).toEqual({ kind: 'focus', index: 1 });
    expect(treeKeyAction(rows, 3, 'ArrowDown', none)).toBeNull();
    expect(treeKeyAction(rows, 0, 'ArrowUp', none)).toBeNull();
    expect(treeKeyAction(rows, 2, 'End', none)).toEqual({ kind: 'focus', index: 3 });
    expect(treeKeyAction(rows, 2, 'Home', none)).toEqual({ kind: 'focus', index: 0 });
  });

  it('collapses an open parent with Left, then moves to its parent', () => {
    expect(treeKeyAction(rows, 1, 'ArrowLeft', none)).toEqual({
      kind: 'toggle',
      spanId: 'a',
      collapse: true,
    });
    const collapsed = new Set(['a']);
    const folded = visibleNodes(tree, collapsed);
    expect(treeKeyAction(folded, 1, 'ArrowLeft', collapsed)).toEqual({ kind: 'focus', index: 0 });
    // A leaf goes straight to its parent.
    expect(treeKeyAction(rows, 2, 'ArrowLeft', none)).toEqual({ kind: 'focus', index: 1 });
    expect(treeKeyAction(rows, 0, 'ArrowLeft', new Set(['root']))).toBeNull();
  });

  it('expands a collapsed parent with Right, then moves to its first child', () => {
    const collapsed = new Set(['a']);
    expect(treeKeyAction(visibleNodes(tree, collapsed), 1, 'ArrowRight', collapsed)).toEqual({
      kind: 'toggle',
      spanId: 'a',
      collapse: false,
    });
    expect(treeKeyAction(rows, 1, 'ArrowRight', none)).toEqual({ kind: 'focus', index: 2 });
    expect(treeKeyAction(rows, 3, 'ArrowRight', none)).toBeNull();
  });

  it('selects with Enter or Space and ignores other keys', () => {
    expect(treeKeyAction(rows, 3, 'Enter', none)).toEqual({ kind: 'select', spanId: 'b' });
    expect(treeKeyAction(rows, 3, ' ', none)).toEqual({ kind: 'select', spanId: 'b' });
    expect(treeKeyAction(rows, 3, 'x', none)).toBeNull();
  });
});

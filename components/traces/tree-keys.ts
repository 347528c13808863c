import type { SpanNode } from './span-tree';

/**
 * What a key press on a row of the span tree does, following the WAI-ARIA tree pattern:
 * Up/Down move, Home/End jump, Right expands (or moves to the first child), Left collapses
 * (or moves to the parent), Enter/Space select the span.
 */
export type TreeKeyAction =
  | { kind: 'focus'; index: number }
  | { kind: 'toggle'; spanId: string; collapse: boolean }
  | { kind: 'select'; spanId: string };

export function treeKeyAction(
  rows: readonly SpanNode[],
  index: number,
  key: string,
  collapsed: ReadonlySet<string>,
): TreeKeyAction | null {
  const node = rows[index];
  if (!node) return null;
  const spanId = node.span.spanId;
  const hasChildren = node.childIds.length > 0;
  const isCollapsed = collapsed.has(spanId);
  switch (key) {
    case 'ArrowDown':
      return index + 1 < rows.length ? { kind: 'focus', index: index + 1 } : null;
    case 'ArrowUp':
      return index > 0 ? { kind: 'focus', index: index - 1 } : null;
    case 'Home':
      return { kind: 'focus', index: 0 };
    case 'End':
      return { kind: 'focus', index: rows.length - 1 };
    case 'ArrowRight':
      if (!hasChildren) return null;
      if (isCollapsed) return { kind: 'toggle', spanId, collapse: false };
      return { kind: 'focus', index: index + 1 };
    case 'ArrowLeft': {
      if (hasChildren && !isCollapsed) return { kind: 'toggle', spanId, collapse: true };
      if (node.parentId === null) return null;
      const parent = rows.findIndex((row) => row.span.spanId === node.parentId);
      return parent === -1 ? null : { kind: 'focus', index: parent };
    }
    case 'Enter':
    case ' ':
      return { kind: 'select', spanId };
    default:
      return null;
  }
}

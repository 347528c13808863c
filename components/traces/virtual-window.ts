/**
 * Which rows of a fixed-row-height list to render: those in the viewport plus `overscan` rows
 * either side, so long lists (a span or a trace per row) cost the same as short ones.
 */
export interface RowWindow {
  /** First rendered index (inclusive). */
  start: number;
  /** Last rendered index (exclusive). */
  end: number;
  /** Pixels above the first rendered row and below the last: spacer heights. */
  padTop: number;
  padBottom: number;
}

export function rowWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan = 8,
): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/**
 * The scrollTop that brings row `index` into view: unchanged when the row is already fully
 * visible, else the row is placed a third of the way down the viewport.
 */
export function scrollTopFor(
  index: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
): number {
  const top = index * rowHeight;
  if (top >= scrollTop && top + rowHeight <= scrollTop + viewportHeight) return scrollTop;
  return Math.max(0, Math.round(top - viewportHeight / 3));
}

'use client';

import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CriticalSection } from './critical-path';
import { formatDuration } from './format';
import {
  collapseBelowDepth,
  revealSpan,
  type SpanTree,
  toggleCollapsed,
  visibleNodes,
} from './span-tree';
import { buttonClass } from './styles';
import { axisTicks } from './time-axis';
import { treeKeyAction } from './tree-keys';
import { useVirtualRows } from './use-virtual-rows';
import { GRID_COLUMNS, ROW_HEIGHT, WaterfallRow } from './WaterfallRow';

interface Props {
  tree: SpanTree;
  /** Critical-path sections by span id; null while loading or when it failed. */
  critical: ReadonlyMap<string, CriticalSection[]> | null;
  criticalNote: string | null;
  selectedSpanId: string | null;
  onSelect: (spanId: string) => void;
}

const NO_COLLAPSED: ReadonlySet<string> = new Set();

/**
 * The trace as a waterfall: one row per span (virtualized), indented by depth, on a time axis
 * with ticks; subtrees collapse (buttons or arrow keys); the critical path darkens the bar
 * sections that determined the trace's duration.
 */
export function Waterfall({ tree, critical, criticalNote, selectedSpanId, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(NO_COLLAPSED);
  const [showCritical, setShowCritical] = useState(true);
  const [focusIndex, setFocusIndex] = useState(0);
  const pendingFocus = useRef(false);
  const scrolledTo = useRef<string | null>(null);

  const rows = useMemo(() => visibleNodes(tree, collapsed), [tree, collapsed]);
  const axisMs = tree.endUnixMs - tree.startUnixMs;
  const ticks = useMemo(() => axisTicks(axisMs, 6), [axisMs]);
  const { ref, window, onScroll, scrollToIndex } = useVirtualRows(rows.length, ROW_HEIGHT);

  // A selected span (deep link or click) is revealed, focused and scrolled into view once.
  useEffect(() => {
    if (selectedSpanId === null || scrolledTo.current === selectedSpanId) return;
    const index = rows.findIndex((row) => row.span.spanId === selectedSpanId);
    if (index === -1) {
      if (tree.byId.has(selectedSpanId)) setCollapsed((c) => revealSpan(tree, c, selectedSpanId));
      return;
    }
    scrolledTo.current = selectedSpanId;
    setFocusIndex(index);
    scrollToIndex(index);
  }, [selectedSpanId, rows, tree, scrollToIndex]);

  // Keyboard moves focus to a row that may only now be rendered.
  useEffect(() => {
    if (!pendingFocus.current) return;
    const element = ref.current?.querySelector<HTMLElement>(`[data-row-index="${focusIndex}"]`);
    if (element) {
      pendingFocus.current = false;
      element.focus({ preventScroll: true });
    }
  });

  const onToggle = useCallback(
    (spanId: string, collapse: boolean) =>
      setCollapsed((c) => toggleCollapsed(tree, c, spanId, collapse)),
    [tree],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const action = treeKeyAction(rows, focusIndex, event.key, collapsed);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'focus') {
      setFocusIndex(action.index);
      scrollToIndex(action.index);
      pendingFocus.current = true;
    } else if (action.kind === 'toggle') {
      onToggle(action.spanId, action.collapse);
    } else {
      scrolledTo.current = action.spanId;
      onSelect(action.spanId);
    }
  };

  const onSelectRow = useCallback(
    (spanId: string) => {
      scrolledTo.current = spanId;
      onSelect(spanId);
    },
    [onSelect],
  );

  const pathShown = showCritical && critical !== null && critical.size > 0;
  // One row is in the tab order: the focused one, or the first rendered when it scrolled away.
  const tabbable =
    focusIndex >= window.start && focusIndex < window.end ? focusIndex : window.start;
  return (
    <section aria-label="Waterfall" className="flex min-h-0 min-w-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-line border-b px-3 py-2">
        <button
          type="button"
          className={`${buttonClass} px-2 py-0.5 text-xs`}
          onClick={() => setCollapsed(NO_COLLAPSED)}
        >
          Expand all
        </button>
        <button
          type="button"
          className={`${buttonClass} px-2 py-0.5 text-xs`}
          onClick={() => setCollapsed(collapseBelowDepth(tree, 1))}
        >
          Collapse all
        </button>
        <button
          type="button"
          aria-pressed={showCritical}
          disabled={critical === null}
          className={`${buttonClass} px-2 py-0.5 text-xs ${showCritical ? 'border-accent' : ''}`}
          onClick={() => setShowCritical((on) => !on)}
        >
          <span aria-hidden="true" className="flex h-3 w-5 items-center rounded-sm bg-accent">
            <span className="ml-1 block h-1 w-2.5 rounded-full bg-slate-950/80" />
          </span>
          Critical path
        </button>
        {criticalNote && <span className="text-muted text-xs">{criticalNote}</span>}
        <span className="ml-auto text-muted text-xs">
          {rows.length} of {tree.nodes.length} spans shown · ← → collapse/expand, ↑ ↓ move, Enter
          details
        </span>
      </div>
      <div
        aria-hidden="true"
        className="grid border-line border-b bg-raised/50 text-[11px] text-muted"
        style={{ gridTemplateColumns: GRID_COLUMNS }}
      >
        <span className="border-line border-r px-3 py-1.5 font-medium">Service · operation</span>
        <div className="relative mx-3 h-7">
          {ticks.map((tick, i) => (
            <span
              key={tick.offsetMs}
              className="absolute top-1.5 whitespace-nowrap tabular-nums"
              style={{
                left: `${tick.fraction * 100}%`,
                transform:
                  i === 0
                    ? undefined
                    : tick.fraction > 0.97
                      ? 'translateX(-100%)'
                      : 'translateX(-50%)',
              }}
            >
              {formatDuration(tick.offsetMs)}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={ref}
        onScroll={onScroll}
        role="tree"
        aria-label="Spans"
        onKeyDown={onKeyDown}
        className="min-h-0 flex-1 overflow-y-auto"
        data-testid="waterfall"
      >
        <div style={{ paddingTop: window.padTop, paddingBottom: window.padBottom }}>
          {rows.slice(window.start, window.end).map((node, offset) => {
            const index = window.start + offset;
            const sections = pathShown ? critical?.get(node.span.spanId) : undefined;
            return (
              <WaterfallRow
                key={node.span.spanId}
                node={node}
                index={index}
                axisStartUnixMs={tree.startUnixMs}
                axisMs={axisMs}
                ticks={ticks}
                collapsed={collapsed.has(node.span.spanId)}
                selected={node.span.spanId === selectedSpanId}
                focusable={index === tabbable}
                critical={sections}
                onSelect={onSelectRow}
                onToggle={onToggle}
                onFocusRow={setFocusIndex}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}

'use client';

import { memo } from 'react';
import type { CriticalSection } from './critical-path';
import { formatDuration } from './format';
import { serviceColor } from './service-colors';
import type { SpanNode } from './span-tree';
import { barGeometry, labelPlacement, type Tick } from './time-axis';

export const ROW_HEIGHT = 30;
export const GRID_COLUMNS = 'minmax(15rem, 34%) 1fr';
const INDENT_PX = 14;

interface Props {
  node: SpanNode;
  index: number;
  axisStartUnixMs: number;
  axisMs: number;
  ticks: readonly Tick[];
  collapsed: boolean;
  selected: boolean;
  focusable: boolean;
  /** Critical-path sections of this span; undefined when the path is hidden or unknown. */
  critical: readonly CriticalSection[] | undefined;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string, collapse: boolean) => void;
  onFocusRow: (index: number) => void;
}

/** One span: indented name with its service colour, and its bar on the trace's time axis. */
function WaterfallRowView({
  node,
  index,
  axisStartUnixMs,
  axisMs,
  ticks,
  collapsed,
  selected,
  focusable,
  critical,
  onSelect,
  onToggle,
  onFocusRow,
}: Props) {
  const { span, depth } = node;
  const hasChildren = node.childIds.length > 0;
  const failed = span.statusCode === 'error';
  const colour = serviceColor(span.service);
  const bar = barGeometry(axisStartUnixMs, axisMs, span.startTimeUnixMs, span.durationMs);
  const placement = labelPlacement(bar);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the tree (Waterfall) handles the keys of its rows
    <div
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? !collapsed : undefined}
      aria-selected={selected}
      aria-label={`${span.service} ${span.name}, ${formatDuration(span.durationMs)}${failed ? ', error' : ''}${critical?.length ? ', on the critical path' : ''}`}
      tabIndex={focusable ? 0 : -1}
      data-row-index={index}
      data-span-id={span.spanId}
      data-service={span.service}
      data-critical={critical && critical.length > 0 ? 'true' : undefined}
      onClick={() => onSelect(span.spanId)}
      onFocus={() => onFocusRow(index)}
      style={{ height: ROW_HEIGHT, gridTemplateColumns: GRID_COLUMNS }}
      className={`grid cursor-pointer items-stretch border-line/60 border-b text-sm outline-none focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-inset ${
        selected ? 'bg-accent/15' : 'hover:bg-raised'
      }`}
    >
      <div
        className="flex min-w-0 items-center gap-1.5 border-line border-r pr-2"
        style={{ paddingLeft: 6 + depth * INDENT_PX }}
      >
        {hasChildren ? (
          <button
            type="button"
            tabIndex={-1}
            aria-expanded={!collapsed}
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${span.name}`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(span.spanId, !collapsed);
            }}
            className="flex size-4 shrink-0 items-center justify-center rounded text-muted hover:bg-line hover:text-fg"
          >
            <svg
              aria-hidden="true"
              viewBox="0 0 16 16"
              className={`size-3 transition-transform ${collapsed ? '' : 'rotate-90'}`}
            >
              <path d="M6 3.5 10.5 8 6 12.5" fill="none" stroke="currentColor" strokeWidth="2" />
            </svg>
          </button>
        ) : (
          <span className="size-4 shrink-0" />
        )}
        <span
          aria-hidden="true"
          className="h-4 w-1 shrink-0 rounded-full"
          style={{ background: colour }}
        />
        <span className="min-w-0 truncate" title={`${span.service}: ${span.name}`}>
          <span className="text-muted">{span.service}</span>{' '}
          <span className="text-fg">{span.name}</span>
        </span>
        {failed && (
          <span className="shrink-0 rounded bg-critical/15 px-1 font-semibold text-[10px] text-critical uppercase">
            error
          </span>
        )}
        {collapsed && node.descendantCount > 0 && (
          <span className="ml-auto shrink-0 rounded bg-raised px-1 text-[10px] text-muted tabular-nums">
            +{node.descendantCount}
          </span>
        )}
      </div>
      <div className="relative min-w-0 overflow-hidden">
        <div className="absolute inset-x-3 inset-y-0">
          {ticks.map((tick) => (
            <span
              key={tick.offsetMs}
              aria-hidden="true"
              className="absolute inset-y-0 w-px bg-line/70"
              style={{ left: `${tick.fraction * 100}%` }}
            />
          ))}
          <div
            data-testid="span-bar"
            className={`absolute top-1/2 h-4 -translate-y-1/2 overflow-hidden rounded-sm ${failed ? 'ring-2 ring-critical' : ''}`}
            style={{
              left: `${bar.left * 100}%`,
              width: `max(2px, ${bar.width * 100}%)`,
              background: colour,
            }}
          >
            {critical?.map((section) => {
              const within = barGeometry(
                span.startTimeUnixMs,
                span.durationMs,
                section.startUnixMs,
                section.endUnixMs - section.startUnixMs,
              );
              return (
                <span
                  key={section.startUnixMs}
                  data-testid="critical-segment"
                  className="absolute top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-slate-950/80"
                  style={{
                    left: `${within.left * 100}%`,
                    width: `max(1px, ${within.width * 100}%)`,
                  }}
                />
              );
            })}
          </div>
          <span
            className={`absolute top-1/2 -translate-y-1/2 whitespace-nowrap px-1.5 text-[11px] tabular-nums ${
              placement === 'inside'
                ? 'mr-0.5 rounded bg-surface/85 text-fg leading-4'
                : 'text-muted'
            }`}
            style={
              placement === 'after'
                ? { left: `${(bar.left + bar.width) * 100}%` }
                : placement === 'before'
                  ? { right: `${(1 - bar.left) * 100}%` }
                  : { right: `${(1 - bar.left - bar.width) * 100}%` }
            }
          >
            {formatDuration(span.durationMs)}
          </span>
        </div>
      </div>
    </div>
  );
}

export const WaterfallRow = memo(WaterfallRowView);

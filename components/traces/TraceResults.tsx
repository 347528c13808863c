'use client';

import Link from 'next/link';
import type { TraceSummary } from '../../collectors/contracts';
import { useNow } from '../live/use-now';
import { formatAgo, formatDateTime, formatDuration } from './format';
import { serviceColor } from './service-colors';
import { chipClass } from './styles';
import { useVirtualRows } from './use-virtual-rows';

const ROW_HEIGHT = 68;

/** Matching traces, newest first, one link per row; only the rows in view are rendered. */
export function TraceResults({ traces }: { traces: readonly TraceSummary[] }) {
  const { ref, window, onScroll } = useVirtualRows(traces.length, ROW_HEIGHT);
  const now = useNow(5000);
  const longest = Math.max(...traces.map((trace) => trace.durationMs), 0);

  return (
    <div
      ref={ref}
      onScroll={onScroll}
      className="min-h-0 flex-1 overflow-y-auto"
      data-testid="trace-results"
    >
      <ol
        aria-label="Matching traces"
        style={{ paddingTop: window.padTop, paddingBottom: window.padBottom }}
      >
        {traces.slice(window.start, window.end).map((trace, offset) => (
          <li
            key={trace.traceId}
            style={{ height: ROW_HEIGHT }}
            aria-posinset={window.start + offset + 1}
            aria-setsize={traces.length}
          >
            <ResultRow trace={trace} longestMs={longest} now={now} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function ResultRow({
  trace,
  longestMs,
  now,
}: {
  trace: TraceSummary;
  longestMs: number;
  now: number;
}) {
  const share = longestMs > 0 ? trace.durationMs / longestMs : 0;
  const failed = trace.errorCount > 0;
  return (
    <Link
      href={`/traces/${trace.traceId}`}
      data-testid="trace-result"
      data-trace-id={trace.traceId}
      className="flex h-full flex-col justify-center gap-1.5 border-line border-b px-4 hover:bg-raised focus-visible:bg-raised focus-visible:outline-2 focus-visible:outline-accent focus-visible:-outline-offset-2"
    >
      <div className="flex items-baseline gap-2">
        <span
          aria-hidden="true"
          className="size-2.5 shrink-0 self-center rounded-sm"
          style={{ background: serviceColor(trace.rootService) }}
        />
        <span className="truncate font-medium text-sm">
          {trace.rootService}: <span className="text-fg">{trace.rootOperation}</span>
        </span>
        <span className="shrink-0 font-mono text-[11px] text-muted">
          {trace.traceId.slice(0, 7)}
        </span>
        <span className="ml-auto shrink-0 font-medium text-sm tabular-nums">
          {formatDuration(trace.durationMs)}
        </span>
      </div>
      <div className="flex items-center gap-3 text-muted text-xs">
        <span
          className="h-1.5 w-28 shrink-0 overflow-hidden rounded-full bg-raised"
          aria-hidden="true"
        >
          <span
            className={`block h-full rounded-full ${failed ? 'bg-critical' : 'bg-accent'}`}
            style={{ width: `${Math.max(2, share * 100)}%` }}
          />
        </span>
        <span className="shrink-0 tabular-nums">
          {trace.spanCount} {trace.spanCount === 1 ? 'span' : 'spans'}
        </span>
        {failed ? (
          <span className="shrink-0 rounded bg-critical/15 px-1.5 font-medium text-critical tabular-nums">
            {trace.errorCount} {trace.errorCount === 1 ? 'error' : 'errors'}
          </span>
        ) : null}
        <span className="flex min-w-0 flex-1 gap-1 overflow-hidden">
          {trace.services.map((service) => (
            <span key={service} className={chipClass}>
              <span
                aria-hidden="true"
                className="size-1.5 rounded-full"
                style={{ background: serviceColor(service) }}
              />
              {service}
            </span>
          ))}
        </span>
        <time
          dateTime={new Date(trace.startUnixMs).toISOString()}
          title={formatDateTime(trace.startUnixMs)}
          className="shrink-0 tabular-nums"
        >
          {formatAgo(now - trace.startUnixMs)}
        </time>
      </div>
    </Link>
  );
}

'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { apiRoutes, CriticalPath, LogsResponse, Trace } from '../../collectors/contracts';
import { sectionsBySpan } from './critical-path';
import { useRemote } from './fetch-json';
import { SpanDetail } from './SpanDetail';
import { StateMessage } from './StateMessage';
import { buildSpanTree } from './span-tree';
import { buttonClass } from './styles';
import { TraceHeader } from './TraceHeader';
import { Waterfall } from './Waterfall';

const TRACE_ID = /^[0-9a-f]{32}$/i;

/**
 * /traces/[id]: the trace's waterfall with its critical path, and the selected span's details
 * (`?span=<spanId>` in the URL, so a span can be linked to).
 */
export function TraceView({ traceId }: { traceId: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const selectedSpanId = useSearchParams().get('span');
  const [reloads, setReloads] = useState(0);
  const valid = TRACE_ID.test(traceId);

  const trace = useRemote(valid ? apiRoutes.trace(traceId) : null, Trace, {
    reloadKey: reloads,
    keepPrevious: true,
  });
  // The critical path and logs are asked for once the trace is known to exist (one 404, not three).
  const found = valid && trace.data !== null;
  const path = useRemote(found ? apiRoutes.criticalPath(traceId) : null, CriticalPath, {
    reloadKey: reloads,
  });
  const logs = useRemote(found ? apiRoutes.traceLogs(traceId) : null, LogsResponse, {
    reloadKey: reloads,
  });

  const tree = useMemo(() => (trace.data ? buildSpanTree(trace.data.spans) : null), [trace.data]);
  const critical = useMemo(() => (path.data ? sectionsBySpan(path.data) : null), [path.data]);

  const select = useCallback(
    (spanId: string | null) => {
      const url = spanId ? `${pathname}?span=${encodeURIComponent(spanId)}` : pathname;
      router.replace(url, { scroll: false });
    },
    [pathname, router],
  );
  const onSelect = useCallback((spanId: string) => select(spanId), [select]);

  if (!valid || trace.error?.status === 404 || trace.error?.status === 400) {
    return (
      <StateMessage tone="neutral" title="Trace not found" testId="trace-not-found">
        <span>
          {valid
            ? 'No trace with this id is held by the collectors (it may have been evicted from the store, or its spans have not arrived yet).'
            : `"${traceId}" is not a trace id (32 hexadecimal characters).`}
        </span>
        <span className="font-mono text-xs">{traceId}</span>
        <span className="flex gap-2">
          <Link href="/traces" className={buttonClass}>
            Search traces
          </Link>
          {valid && (
            <button type="button" className={buttonClass} onClick={() => setReloads((n) => n + 1)}>
              Try again
            </button>
          )}
        </span>
      </StateMessage>
    );
  }
  if (trace.error && !tree) {
    return (
      <StateMessage tone="error" title="The trace could not be loaded" testId="trace-error">
        <span>{trace.error.message}</span>
        <button type="button" className={buttonClass} onClick={() => setReloads((n) => n + 1)}>
          Try again
        </button>
      </StateMessage>
    );
  }
  if (!tree) return <StateMessage tone="loading" title="Loading the trace…" />;
  if (tree.nodes.length === 0) {
    return <StateMessage tone="neutral" title="This trace holds no spans" />;
  }

  const selected = selectedSpanId ? tree.byId.get(selectedSpanId) : undefined;
  const criticalNote = path.error
    ? `critical path unavailable (${path.error.message})`
    : path.loading
      ? 'computing…'
      : null;
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-hidden bg-surface xl:h-[calc(100vh-3.5rem)]">
      <TraceHeader
        traceId={traceId}
        tree={tree}
        loading={trace.loading}
        onReload={() => setReloads((n) => n + 1)}
      />
      {selectedSpanId && !selected && (
        <p role="alert" className="border-line border-b px-4 py-1.5 text-warn text-xs">
          Span {selectedSpanId} is not in this trace.
        </p>
      )}
      <div className="flex min-h-0 flex-1 flex-col xl:flex-row">
        <div className="flex min-h-[24rem] min-w-0 flex-1 flex-col">
          <Waterfall
            tree={tree}
            critical={critical}
            criticalNote={criticalNote}
            selectedSpanId={selected ? selected.span.spanId : null}
            onSelect={onSelect}
          />
        </div>
        {selected && (
          <SpanDetail
            key={selected.span.spanId}
            span={selected.span}
            traceStartUnixMs={tree.startUnixMs}
            critical={critical?.get(selected.span.spanId)}
            logs={{ data: logs.data?.logs ?? null, error: logs.error, loading: logs.loading }}
            onClose={() => select(null)}
            onSelect={onSelect}
          />
        )}
      </div>
    </div>
  );
}

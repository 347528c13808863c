'use client';

import Link from 'next/link';
import { apiRoutes, TraceSearchResponse } from '../../../collectors/contracts';
import { formatClock } from '../../charts/format';
import { useApi } from '../../charts/use-api';
import { formatDuration } from '../../traces/format';
import { tracesHref } from '../trace-link';
import { PanelSection, SectionState } from './PanelSection';
import { usePollTick } from './use-poll-tick';

const SHOWN = 8;
/** Asked for more than shown: an edge keeps only the traces that passed its caller too. */
const FETCHED = 50;

/** The newest traces of the selection's service (through the edge's caller for an edge). */
export function RecentTraces({
  service,
  alsoThrough,
}: {
  service: string | undefined;
  alsoThrough: string | undefined;
}) {
  const tick = usePollTick(5000);
  const url =
    service === undefined
      ? null
      : `${apiRoutes.traces}?${new URLSearchParams({ service, limit: String(FETCHED) })}`;
  const state = useApi(url, TraceSearchResponse, tick);
  const allLink = (
    <Link
      href={tracesHref(service)}
      data-testid="panel-all-traces"
      className="text-accent text-xs hover:underline"
    >
      {service ? `All traces of ${service} →` : 'Search traces →'}
    </Link>
  );

  return (
    <PanelSection title="Recent traces" action={allLink} testId="panel-traces">
      {service === undefined ? (
        <SectionState tone="empty">No instrumented service next to this node.</SectionState>
      ) : state.status === 'loading' ? (
        <SectionState tone="loading">Loading traces…</SectionState>
      ) : state.status === 'error' ? (
        <SectionState tone="error">Traces could not be loaded: {state.message}</SectionState>
      ) : (
        <TraceList
          traces={state.data.traces
            .filter((trace) => alsoThrough === undefined || trace.services.includes(alsoThrough))
            .slice(0, SHOWN)}
        />
      )}
    </PanelSection>
  );
}

function TraceList({ traces }: { traces: TraceSearchResponse['traces'] }) {
  if (traces.length === 0) {
    return <SectionState tone="empty">No traces held for it yet.</SectionState>;
  }
  return (
    <ul className="flex flex-col divide-y divide-line text-xs">
      {traces.map((trace) => (
        <li key={trace.traceId}>
          <Link
            href={`/traces/${trace.traceId}`}
            data-testid="panel-trace-link"
            className="flex items-baseline gap-2 py-1 hover:bg-raised focus-visible:outline-2 focus-visible:outline-accent"
          >
            <span className="w-14 shrink-0 text-muted tabular-nums">
              {formatClock(trace.startUnixMs)}
            </span>
            <span
              className="min-w-0 flex-1 truncate"
              title={`${trace.rootService} ${trace.rootOperation}`}
            >
              <span className="text-muted">{trace.rootService}</span> {trace.rootOperation}
            </span>
            {trace.status === 'error' && (
              <span className="rounded border border-critical/50 px-1 text-[10px] text-critical">
                error
              </span>
            )}
            <span className="shrink-0 tabular-nums">{formatDuration(trace.durationMs)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { apiRoutes, SagaListResponse, type SagaSummary } from '../../collectors/contracts';
import { formatClock, formatDuration } from '../charts/format';
import { Code, EmptyState, ErrorState, LoadingState } from '../charts/StatePanels';
import { useApi } from '../charts/use-api';
import { useThrottled } from '../charts/use-throttled';
import { formatAge } from '../live/age';
import { useLive } from '../live/LiveStreamProvider';
import { useNow } from '../live/use-now';
import { CoordinationBadge, SagaStatusBadge } from './SagaBadges';
import { StatusChips } from './StatusChips';
import { parseStatusFilter, sagaListUrl, summarize } from './saga-status';

const LIST_LIMIT = 100;
/** Live updates refetch the list at most this often. */
const REFRESH_INTERVAL_MS = 1500;

/** The saga list: status chips with live counts, and the latest sagas, refreshed live. */
export function SagaList() {
  const status = parseStatusFilter(useSearchParams().get('status'));
  const overview = useLive().sagas;
  // The stream sends `sagas` only when something changed: its newest update time is the cue.
  const liveKey = overview
    ? `${overview.total}:${Math.max(0, ...overview.recent.map((s) => s.lastUpdateUnixMs))}`
    : null;
  const refreshKey = useThrottled(liveKey, REFRESH_INTERVAL_MS);
  const list = useApi(
    sagaListUrl(apiRoutes.sagas, status, LIST_LIMIT),
    SagaListResponse,
    refreshKey,
  );

  return (
    <div className="flex flex-col gap-4">
      <StatusChips selected={status} overview={overview} />
      {list.status === 'loading' ? (
        <LoadingState label="Loading sagas…" />
      ) : list.status === 'error' ? (
        <ErrorState title="Could not load sagas" message={list.message} />
      ) : list.data.sagas.length === 0 ? (
        status === null ? (
          <NoSagas />
        ) : (
          <EmptyState title={`No ${status} sagas among the latest ones.`}>
            Pick another status, or wait: the list updates live.
          </EmptyState>
        )
      ) : (
        <SagaTable sagas={list.data.sagas.map(summarize)} />
      )}
    </div>
  );
}

export function NoSagas() {
  return (
    <EmptyState title="No saga spans yet">
      Spans need <Code>saga.id</Code>, <Code>saga.name</Code>, <Code>saga.step</Code> attributes
      (and <Code>saga.step.kind</Code>: action or compensation) — see README “The telemetry
      contract”.
    </EmptyState>
  );
}

function SagaTable({ sagas }: { sagas: readonly SagaSummary[] }) {
  const now = useNow();
  return (
    <div className="max-h-[calc(100vh-15rem)] min-h-64 overflow-auto rounded-lg border border-line bg-surface">
      <table className="w-full text-left text-sm" aria-label="Sagas">
        <thead className="sticky top-0 z-10 border-line border-b bg-surface text-muted text-xs uppercase tracking-wide">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Saga
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Coordination
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Steps
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Duration
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Started
            </th>
          </tr>
        </thead>
        <tbody>
          {sagas.map((saga) => (
            <tr
              key={saga.id}
              data-testid="saga-row"
              className="border-line border-b last:border-0 hover:bg-raised/60"
            >
              <td className="px-4 py-2">
                <Link
                  href={`/sagas/${encodeURIComponent(saga.id)}`}
                  className="font-medium text-fg hover:underline focus-visible:outline-2 focus-visible:outline-accent"
                >
                  {saga.name || '(unnamed saga)'}
                </Link>
                <div className="font-mono text-muted text-xs">{saga.id}</div>
              </td>
              <td className="px-4 py-2">
                <SagaStatusBadge status={saga.status} />
              </td>
              <td className="px-4 py-2">
                <CoordinationBadge coordination={saga.coordination} />
              </td>
              <td className="px-4 py-2 text-right tabular-nums">
                {saga.stepCount}
                {saga.compensationCount > 0 ? (
                  <span className="ml-1 text-warn text-xs">({saga.compensationCount} comp.)</span>
                ) : null}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">
                {formatDuration(saga.durationMs)}
              </td>
              <td className="px-4 py-2 text-muted tabular-nums">
                {formatClock(saga.startUnixMs)}{' '}
                <span className="text-xs" suppressHydrationWarning>
                  ({formatAge(now - saga.startUnixMs)})
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

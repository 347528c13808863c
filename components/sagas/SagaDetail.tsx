'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { apiRoutes, SagaTimeline } from '../../collectors/contracts';
import { formatClock, formatDuration } from '../charts/format';
import { EmptyState, ErrorState, LoadingState } from '../charts/StatePanels';
import { useApi } from '../charts/use-api';
import { useThrottled } from '../charts/use-throttled';
import { useLive } from '../live/LiveStreamProvider';
import { ganttEvents, ganttModel, sagaTraceIds } from './gantt';
import { CoordinationBadge, SagaStatusBadge } from './SagaBadges';
import { SagaEventList } from './SagaEventList';
import { SagaGantt } from './SagaGantt';
import { useSagaTraces } from './use-saga-traces';

const MAX_TRACES = 5;

/** One saga: header facts, the Gantt timeline of its steps and the events around them. */
export function SagaDetail({ sagaId }: { sagaId: string }) {
  const overview = useLive().sagas;
  // Refetch while the saga is still moving: whenever the live overview changes.
  const liveKey = overview
    ? `${overview.total}:${overview.recent[0]?.lastUpdateUnixMs ?? 0}`
    : null;
  const refreshKey = useThrottled(liveKey, 2000);
  // A settled saga (completed, compensated, failed) stops refetching.
  const [settled, setSettled] = useState(false);
  const saga = useApi(apiRoutes.saga(sagaId), SagaTimeline, settled ? 'settled' : refreshKey);
  const isSettled = saga.status === 'ok' && !['running', 'compensating'].includes(saga.data.status);
  useEffect(() => {
    if (isSettled) setSettled(true);
  }, [isSettled]);
  const steps = saga.status === 'ok' ? saga.data.steps : [];
  const model = useMemo(() => ganttModel(steps), [steps]);
  const traceIds = useMemo(() => sagaTraceIds(steps, MAX_TRACES), [steps]);
  const traces = useSagaTraces(traceIds, settled ? 'settled' : refreshKey);
  const events = useMemo(() => ganttEvents(traces, model), [traces, model]);

  if (saga.status === 'loading') return <LoadingState label="Loading saga…" />;
  if (saga.status === 'error') {
    return saga.notFound ? (
      <EmptyState title={`No saga ${sagaId}`}>
        The collectors keep the latest sagas only; this one may have expired.{' '}
        <Link href="/sagas" className="text-accent hover:underline">
          Back to the list
        </Link>
      </EmptyState>
    ) : (
      <ErrorState title="Could not load the saga" message={saga.message} />
    );
  }
  const data = saga.data;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <SagaStatusBadge status={data.status} />
        <CoordinationBadge coordination={data.coordination} />
        <Fact label="services">{data.services.join(', ') || '–'}</Fact>
        <Fact label="started">{formatClock(data.startUnixMs)}</Fact>
        <Fact label="duration">{formatDuration(data.durationMs)}</Fact>
        <Fact label="status">
          {data.statusSource === 'reported' ? 'reported by saga.status' : 'inferred from steps'}
        </Fact>
      </div>
      {data.droppedSteps > 0 ? (
        <p className="text-muted text-xs">
          {data.droppedSteps} older steps were dropped by the collectors’ step cap.
        </p>
      ) : null}
      {data.steps.length === 0 ? (
        <EmptyState title="This saga has no steps left to show." />
      ) : (
        <SagaGantt model={model} events={events} />
      )}
      <SagaEventList events={events} startUnixMs={model.startUnixMs} />
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <span>
      <span className="text-muted">{label} </span>
      <span className="text-fg tabular-nums">{children}</span>
    </span>
  );
}

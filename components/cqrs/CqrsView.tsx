'use client';

import { apiRoutes, CqrsSnapshot } from '../../collectors/contracts';
import { allFaultWindows, faultBands } from '../charts/fault-windows';
import { formatCount } from '../charts/format';
import { Code, EmptyState, ErrorState, LoadingState } from '../charts/StatePanels';
import { useApi } from '../charts/use-api';
import { useFaults } from '../charts/use-faults';
import { useLive } from '../live/LiveStreamProvider';
import { ProjectionCard } from './ProjectionCard';
import { controlsByProjection, TopologyProjections } from './projection-view';

export function CqrsView() {
  const live = useLive().cqrs;
  const fetched = useApi(live === null ? apiRoutes.cqrs : null, CqrsSnapshot);
  const cqrs = live === null ? fetched : ({ status: 'ok', data: live } as const);
  const topology = useApi('/api/control/topology', TopologyProjections);
  const controls = controlsByProjection(topology.status === 'ok' ? topology.data : null);
  const faults = useFaults();
  const windows = faults.status === 'ok' ? allFaultWindows(faults.data) : [];

  if (cqrs.status === 'loading') return <LoadingState label="Loading projections…" />;
  if (cqrs.status === 'error')
    return <ErrorState title="Could not load projections" message={cqrs.message} />;
  const { projections, stores } = cqrs.data;
  return (
    <div className="flex flex-col gap-4">
      {projections.length === 0 ? (
        <EmptyState title="No projections seen yet">
          Send the gauges <Code>eventstore.position</Code> (the event store’s head) and{' '}
          <Code>projection.position</Code> with <Code>projection.name</Code> (each projection’s
          checkpoint); lag is head − checkpoint. Optional: <Code>projection.state</Code>,{' '}
          <Code>projection.lag_ms</Code> and the <Code>projection.paused</Code>/<Code>resumed</Code>
          /<Code>rebuild_*</Code> events — see README “The telemetry contract”.
        </EmptyState>
      ) : (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          {projections.map((projection) => (
            <ProjectionCard
              key={projection.key}
              projection={projection}
              bands={(domain) => faultBands(windows, domain[0], domain[1])}
              controls={controls.get(projection.key)}
            />
          ))}
        </div>
      )}
      {controls.size === 0 ? (
        <p
          className="rounded-md border border-line border-dashed p-3 text-muted text-sm"
          data-testid="controls-note"
        >
          Pause, resume and rebuild appear here once the control plane can steer projections: its{' '}
          <Code>GET /topology</Code> must list <Code>projections</Code> with their{' '}
          <Code>controls</Code>. It does not yet.
        </p>
      ) : null}
      {stores.length > 0 ? (
        <p className="text-muted text-xs">
          Event stores:{' '}
          {stores
            .map(
              (store) =>
                `${store.store} head ${formatCount(store.headPosition)}${
                  store.appendRatePerSecond === null
                    ? ''
                    : ` (+${store.appendRatePerSecond.toFixed(1)}/s)`
                }`,
            )
            .join(' · ')}
        </p>
      ) : null}
    </div>
  );
}

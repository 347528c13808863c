'use client';

import { apiRoutes, ConsumerLagResponse, type FaultsSnapshot } from '../../collectors/contracts';
import { formatCount } from '../charts/format';
import { Code, EmptyState, ErrorState, LoadingState } from '../charts/StatePanels';
import { TableHeaderRow } from '../charts/TableHeaderRow';
import { useApi } from '../charts/use-api';
import { useFaults } from '../charts/use-faults';
import { usePollTick } from '../graph/panel/use-poll-tick';
import { ConsumerLagChart } from './ConsumerLagChart';
import {
  activeConsumerFaults,
  consumerLagView,
  formatAge,
  SOURCE_LABEL,
} from './consumer-lag-view';

const POLL_MS = 3_000;

/**
 * Consumer lag per consumer group (GET /api/v1/consumer-lag, polled every 3 s): records on
 * the bus a group has not committed yet, from the Kafka broker or from the services'
 * `messaging.consumer.lag` gauges.
 */
export function ConsumerLagSection() {
  const tick = usePollTick(POLL_MS);
  const state = useApi(apiRoutes.consumerLag, ConsumerLagResponse, tick);
  const faultState = useFaults();
  const faults = faultState.status === 'ok' ? faultState.data : null;
  return (
    <section aria-labelledby="consumer-lag-title" className="flex flex-col gap-2">
      <h2 id="consumer-lag-title" className="font-semibold text-base">
        Consumer lag
      </h2>
      <ConsumerLagBody state={state} faults={faults} tick={tick} />
    </section>
  );
}

function ConsumerLagBody({
  state,
  faults,
  tick,
}: {
  state: ReturnType<typeof useApi<ConsumerLagResponse>>;
  faults: FaultsSnapshot | null;
  tick: number;
}) {
  if (state.status === 'loading') return <LoadingState label="Loading consumer lag…" />;
  if (state.status === 'error')
    return <ErrorState title="Could not load consumer lag" message={state.message} />;
  const view = consumerLagView(state.data);
  if (view === null || view.rows.length === 0) {
    return (
      <EmptyState title="No consumer groups reported yet">
        Send the gauge <Code>messaging.consumer.lag</Code> (unit <Code>{'{message}'}</Code>) per
        consumer group and partition, with <Code>messaging.consumer.group.name</Code>,{' '}
        <Code>messaging.destination.name</Code> and <Code>messaging.destination.partition.id</Code>,
        or start the collectors with <Code>KAFKA_BROKERS</Code> to read the lag from Kafka.
      </EmptyState>
    );
  }
  const now = Date.now();
  return (
    <div className="flex flex-col gap-1">
      <p className="text-muted text-xs" data-testid="consumer-lag-source">
        {`Records on the bus not yet committed by each group, ${SOURCE_LABEL[view.source]}.`}
      </p>
      {view.error ? (
        <p role="alert" className="text-critical text-xs">
          {`The latest broker poll failed (${view.error}); the figures are from the last good poll.`}
        </p>
      ) : null}
      {/* Focusable so a keyboard can scroll the table when it overflows. */}
      <section
        aria-label="Consumer lag table"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        className="overflow-auto rounded-lg border border-line bg-surface focus-visible:outline-2 focus-visible:outline-accent"
      >
        <table className="w-full text-left text-sm" aria-label="Consumer lag per consumer group">
          <thead className="border-line border-b text-muted text-xs uppercase tracking-wide">
            <TableHeaderRow
              columns={[
                { label: 'Group' },
                { label: 'Service' },
                { label: 'Topics' },
                { label: 'Lag (messages)', numeric: true },
                { label: 'State' },
                { label: 'Last read' },
              ]}
            />
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr
                key={row.group}
                data-testid="consumer-group"
                data-group={row.group}
                className="border-line border-b last:border-0"
              >
                <th scope="row" className="px-3 py-1.5 font-medium font-mono text-xs">
                  {row.group}
                </th>
                <td className="px-3 py-1.5">{row.service ?? '—'}</td>
                <td className="px-3 py-1.5 font-mono text-muted text-xs">
                  {row.topics.join(', ') || '—'}
                </td>
                <td
                  className={`px-3 py-1.5 text-right tabular-nums ${row.totalLag > 0 ? 'font-semibold text-warn' : ''}`}
                  data-testid="group-lag"
                  title={`${row.partitions} partition${row.partitions === 1 ? '' : 's'}`}
                >
                  {formatCount(row.totalLag)}
                </td>
                <td className="px-3 py-1.5" data-testid="group-state">
                  {row.state}
                  {activeConsumerFaults(faults, row.group).map((kind) => (
                    <span
                      key={kind}
                      className="ml-2 rounded border border-critical/40 bg-critical/10 px-1.5 py-0.5 text-critical text-xs"
                    >
                      {`fault: ${kind}`}
                    </span>
                  ))}
                </td>
                <td className="px-3 py-1.5 text-muted text-xs" suppressHydrationWarning>
                  {formatAge(row.readAtUnixMs, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {view.source === 'telemetry' ? <ConsumerLagChart tick={tick} faults={faults} /> : null}
    </div>
  );
}

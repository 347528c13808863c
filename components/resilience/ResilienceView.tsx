'use client';

import { apiRoutes, BreakersResponse, ResilienceResponse } from '../../collectors/contracts';
import { FaultLegend } from '../charts/FaultAreas';
import { allFaultWindows, faultBands } from '../charts/fault-windows';
import { Code, EmptyState, ErrorState, LoadingState } from '../charts/StatePanels';
import { useApi } from '../charts/use-api';
import { useFaults } from '../charts/use-faults';
import { useLive } from '../live/LiveStreamProvider';
import { useNow } from '../live/use-now';
import { BreakerCard } from './BreakerCard';
import { sortBreakers, timelineDomain } from './breaker-view';
import { ResilienceCountersPanel } from './ResilienceCountersPanel';

/** Counters have no stream message: they are fetched again this often. */
const COUNTERS_REFRESH_MS = 5_000;

export function ResilienceView() {
  const now = useNow(1000);
  const live = useLive().breakers;
  const fetched = useApi(live === null ? apiRoutes.breakers : null, BreakersResponse);
  const breakers = live === null ? fetched : ({ status: 'ok', data: live } as const);
  const counters = useApi(
    apiRoutes.resilience,
    ResilienceResponse,
    Math.floor(now / COUNTERS_REFRESH_MS),
  );
  const faults = useFaults();
  const windows = faults.status === 'ok' ? allFaultWindows(faults.data) : [];

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="breakers-heading" className="flex flex-col gap-3">
        <h2 id="breakers-heading" className="font-semibold text-lg">
          Circuit breakers
        </h2>
        {breakers.status === 'loading' ? (
          <LoadingState label="Loading breakers…" />
        ) : breakers.status === 'error' ? (
          <ErrorState title="Could not load breakers" message={breakers.message} />
        ) : breakers.data.breakers.length === 0 ? (
          <EmptyState title="No circuit breakers seen yet">
            Send the event <Code>circuit_breaker.state_change</Code> (with{' '}
            <Code>circuit_breaker.name</Code>, <Code>.from</Code>, <Code>.to</Code>) and the counter{' '}
            <Code>circuit_breaker.calls</Code> by <Code>circuit_breaker.outcome</Code> — see README
            “The telemetry contract”.
          </EmptyState>
        ) : (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
            {sortBreakers(breakers.data.breakers).map((breaker) => {
              const domain = timelineDomain(breaker.transitions, now);
              const bands = faultBands(windows, domain[0], domain[1]);
              return (
                <div key={breaker.key} className="flex flex-col">
                  <BreakerCard breaker={breaker} nowUnixMs={now} domain={domain} bands={bands} />
                  <FaultLegend bands={bands} />
                </div>
              );
            })}
          </div>
        )}
      </section>
      <section aria-labelledby="counters-heading" className="flex flex-col gap-3">
        <h2 id="counters-heading" className="font-semibold text-lg">
          Retries, timeouts, bulkheads, rate limits
        </h2>
        {counters.status === 'loading' ? (
          <LoadingState label="Loading counters…" />
        ) : counters.status === 'error' ? (
          <ErrorState title="Could not load resilience counters" message={counters.message} />
        ) : (
          <ResilienceCountersPanel data={counters.data} />
        )}
      </section>
    </div>
  );
}

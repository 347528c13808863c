import type { Meter } from '@opentelemetry/api';
import {
  BREAKER_STATE_GAUGE,
  breakerAttributes,
  breakerMetrics,
  resilienceAttributes,
  resilienceMetrics,
} from '../../collectors/contracts/conventions';
import type { SidecarStats } from '../platform/sidecar/sidecar';

/**
 * A sidecar's outbound policies as OTel metrics (names in collectors/contracts/conventions.ts),
 * read from its in-memory counters (`sidecar.stats()`) each time the service's metric reader
 * collects, so the request path pays nothing for them. Per upstream:
 *
 * - `circuit_breaker.state` gauge: 0 closed, 1 open, 2 half_open;
 * - `circuit_breaker.calls` counter by `circuit_breaker.outcome`: success and failure are the
 *   attempts that reached the upstream (failure: 5xx, timeout, network error), rejected the
 *   calls the open breaker refused;
 * - `resilience.retries`, `resilience.timeouts`, `resilience.bulkhead_rejections` counters with
 *   `resilience.target` = the upstream.
 *
 * Counters are cumulative from the sidecar's start.
 */
export function observeSidecar(meter: Meter, stats: () => SidecarStats): void {
  const state = meter.createObservableGauge(breakerMetrics.state, {
    description: 'Circuit breaker state per upstream: 0 closed, 1 open, 2 half_open',
  });
  const calls = meter.createObservableCounter(breakerMetrics.calls, {
    description: 'Calls through a circuit breaker by outcome (success, failure, rejected)',
  });
  const retries = meter.createObservableCounter(resilienceMetrics.retries, {
    description: 'Retries of outbound calls',
  });
  const timeouts = meter.createObservableCounter(resilienceMetrics.timeouts, {
    description: 'Outbound attempts that timed out',
  });
  const bulkhead = meter.createObservableCounter(resilienceMetrics.bulkheadRejections, {
    description: 'Outbound calls refused because the bulkhead was full',
  });
  meter.addBatchObservableCallback(
    (result) => {
      for (const upstream of stats().upstreams) {
        const breaker = {
          [breakerAttributes.name]: upstream.upstream,
          [breakerAttributes.peer]: upstream.upstream,
        };
        const target = { [resilienceAttributes.target]: upstream.upstream };
        result.observe(state, BREAKER_STATE_GAUGE.indexOf(upstream.state), breaker);
        const outcome = (name: string) => ({ ...breaker, [breakerAttributes.outcome]: name });
        result.observe(calls, upstream.attempts - upstream.failures, outcome('success'));
        result.observe(calls, upstream.failures, outcome('failure'));
        result.observe(calls, upstream.rejections['breaker-open'], outcome('rejected'));
        result.observe(retries, upstream.retries, target);
        result.observe(timeouts, upstream.timeouts, target);
        result.observe(bulkhead, upstream.rejections['bulkhead-full'], target);
      }
    },
    [state, calls, retries, timeouts, bulkhead],
  );
}

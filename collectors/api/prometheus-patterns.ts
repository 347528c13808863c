import type { ProjectionView } from '../contracts/cqrs';
import type { Define, Sample } from './prometheus';

const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
const RESILIENCE_KINDS = [
  ['retries', 'retry'],
  ['timeouts', 'timeout'],
  ['bulkheadRejections', 'bulkhead_rejection'],
  ['rateLimitRejections', 'rate_limit_rejection'],
] as const;

/**
 * The pattern metrics of GET /metrics: circuit breakers (state, rolling calls and error %),
 * resilience counters, faults, CQRS projection lag and throughput, and Kafka consumer lag.
 */
export function registerPatternMetrics({ counter, gauge }: { counter: Define; gauge: Define }) {
  const breakerLabels = ['service', 'name', 'peer'] as const;
  gauge(
    'patternscope_circuit_breaker_state',
    'Circuit breaker state: 1 for the current state, 0 for the others.',
    [...breakerLabels, 'state'],
    (d) =>
      d.breakers.flatMap((b) =>
        BREAKER_STATES.map(
          (state): Sample => [
            { service: b.service, name: b.name, peer: b.peer, state },
            b.state === state ? 1 : 0,
          ],
        ),
      ),
  );
  gauge(
    'patternscope_circuit_breaker_error_ratio',
    'Failed share of the calls that reached the peer over the rolling window (breaker metrics).',
    breakerLabels,
    (d) =>
      d.breakers.flatMap((b): Sample[] =>
        b.counters?.errorPercent == null
          ? []
          : [[{ service: b.service, name: b.name, peer: b.peer }, b.counters.errorPercent / 100]],
      ),
  );
  gauge(
    'patternscope_circuit_breaker_rejections',
    'Calls the open breaker refused over the rolling window (breaker metrics).',
    breakerLabels,
    (d) =>
      d.breakers.flatMap((b): Sample[] =>
        b.counters?.rejections == null
          ? []
          : [[{ service: b.service, name: b.name, peer: b.peer }, b.counters.rejections]],
      ),
  );
  counter(
    'patternscope_resilience_events_total',
    'Retries, timeouts, bulkhead and rate-limit rejections reported by a service, per target.',
    ['service', 'target', 'kind'],
    (d) =>
      d.resilience.flatMap((r) =>
        RESILIENCE_KINDS.map(
          ([key, kind]): Sample => [{ service: r.service, target: r.target, kind }, r.total[key]],
        ),
      ),
  );

  gauge('patternscope_faults_active', 'Faults active now.', [], (d) => [
    [{}, d.faults.active.length],
  ]);
  gauge(
    'patternscope_fault_active',
    'An active fault (always 1).',
    ['id', 'kind', 'target', 'service'],
    (d) =>
      d.faults.active.map((f) => [
        { id: f.id, kind: f.kind, target: f.target, service: f.service },
        1,
      ]),
  );

  const projectionLabels = ['service', 'projection', 'store'] as const;
  const projections = (read: (p: ProjectionView) => number | null) => (p: ProjectionView) => {
    const value = read(p);
    const labels = { service: p.service, projection: p.name, store: p.store };
    return value === null ? [] : [[labels, value] as Sample];
  };
  gauge(
    'patternscope_projection_lag_events',
    'Events appended to the store but not yet applied by the projection (head - position).',
    projectionLabels,
    (d) => d.cqrs.projections.flatMap(projections((p) => p.lagEvents)),
  );
  gauge(
    'patternscope_projection_lag_seconds',
    'How far behind in time a projection is (reported by the producer, else estimated).',
    projectionLabels,
    (d) =>
      d.cqrs.projections.flatMap(projections((p) => (p.lagMs === null ? null : p.lagMs / 1000))),
  );
  gauge(
    'patternscope_projection_throughput',
    'Events a projection applied per second over the window.',
    projectionLabels,
    (d) => d.cqrs.projections.flatMap(projections((p) => p.throughputPerSecond)),
  );

  gauge(
    'patternscope_consumer_group_lag',
    'Kafka: messages written to a partition but not yet committed by the consumer group.',
    ['group', 'topic', 'partition'],
    (d) =>
      (d.consumerLag?.partitions ?? []).flatMap((p): Sample[] =>
        p.lag === null
          ? []
          : [[{ group: p.group, topic: p.topic, partition: String(p.partition) }, p.lag]],
      ),
  );
}

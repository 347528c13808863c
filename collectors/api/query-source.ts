import type { ConsumerLagSnapshot } from '../contracts/consumer-lag';
import type { OtlpForwarderStats } from '../forward/otlp-forwarder';
import type { TelemetryPipeline } from '../pipeline';

/** What the query API reads: the pipeline's processors and counters (read only by convention). */
export type QuerySource = Pick<
  TelemetryPipeline,
  | 'clock'
  | 'store'
  | 'traces'
  | 'graph'
  | 'red'
  | 'sagas'
  | 'breakers'
  | 'breakerMetrics'
  | 'faults'
  | 'cqrs'
  | 'logs'
  | 'metrics'
  | 'services'
  | 'ingestCounters'
>;

/** Optional parts outside the pipeline: present only when configured. */
export interface OptionalSources {
  /** Kafka mode: the consumer-lag poller. */
  consumerLag?: { snapshot(): ConsumerLagSnapshot } | undefined;
  /** Forwarding on: the forwarder's counters (for /metrics). */
  forwarder?: { stats(): OtlpForwarderStats } | undefined;
}

/**
 * The telemetry contract between any instrumented system and the collectors: the attribute
 * keys, event names and metric names of the patterns Patternscope understands. Where an
 * OpenTelemetry semantic convention exists it is used instead (service.name, http.*,
 * messaging.*, db.*, peer.service). Both the demo-system and the collectors import this file;
 * conventions.test.ts pins every key, because changing one breaks every system that follows it.
 */

/** Standard OpenTelemetry keys the collectors read (semantic conventions 1.x). */
export const semconv = {
  serviceName: 'service.name',
  peerService: 'peer.service',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  httpRequestMethod: 'http.request.method',
  httpResponseStatusCode: 'http.response.status_code',
  httpRoute: 'http.route',
  urlFull: 'url.full',
  urlPath: 'url.path',
  dbSystem: 'db.system',
  dbName: 'db.name',
  dbNamespace: 'db.namespace',
  messagingSystem: 'messaging.system',
  messagingDestinationName: 'messaging.destination.name',
  messagingOperationType: 'messaging.operation.type',
  messagingConsumerGroupName: 'messaging.consumer.group.name',
  messagingDestinationPartitionId: 'messaging.destination.partition.id',
} as const;

/**
 * Consumer lag (OTel messaging semantic conventions): `messaging.consumer.lag`, a gauge in
 * `{message}` per consumer group and topic-partition: records appended but not yet committed
 * by the group. Attributes: `messaging.consumer.group.name`, `messaging.destination.name`
 * (the topic) and `messaging.destination.partition.id` (the partition, as a string). The
 * reporting resource's `service.name` is the service that runs the group.
 */
export const messagingMetrics = {
  consumerLag: 'messaging.consumer.lag',
} as const;

/** UCUM units of messagingMetrics. */
export const messagingMetricUnits = { consumerLag: '{message}' } as const;

export const sagaAttributes = {
  name: 'saga.name',
  id: 'saga.id',
  step: 'saga.step',
  stepKind: 'saga.step.kind',
  status: 'saga.status',
} as const;

export const SAGA_STEP_KINDS = ['action', 'compensation'] as const;

/**
 * CQRS / event sourcing. Gauges (or cumulative sums) of positions in the event log:
 * - `eventstore.position`: the head of an event store (position of the last appended event);
 * - `projection.position`: the checkpoint of a projection (position of the last event it
 *   applied), with `projection.name`;
 * - `projection.lag_ms` (optional): the producer's own measure of how far behind a projection
 *   is in time; without it the collectors estimate it from when the head reached the position.
 * A projection reads the store named by its `eventstore.name` attribute, else the store its
 * own service reports (an `eventstore.position` point without `eventstore.name`).
 */
export const cqrsMetrics = {
  projectionPosition: 'projection.position',
  eventstorePosition: 'eventstore.position',
  projectionLagMs: 'projection.lag_ms',
} as const;

export const cqrsAttributes = {
  projection: 'projection.name',
  /** running | paused | rebuilding (PROJECTION_STATES), optional on projection.position. */
  state: 'projection.state',
  eventStore: 'eventstore.name',
} as const;

export const PROJECTION_STATES = ['running', 'paused', 'rebuilding'] as const;

/** Events (span events or event logs) with `projection.name`; they set the projection's state. */
export const cqrsEvents = {
  paused: 'projection.paused',
  resumed: 'projection.resumed',
  rebuildStarted: 'projection.rebuild_started',
  rebuildFinished: 'projection.rebuild_finished',
} as const;

export const breakerEvents = {
  stateChange: 'circuit_breaker.state_change',
} as const;

export const breakerAttributes = {
  name: 'circuit_breaker.name',
  peer: 'circuit_breaker.peer',
  from: 'circuit_breaker.from',
  to: 'circuit_breaker.to',
  state: 'circuit_breaker.state',
  /** On `circuit_breaker.calls`: one of BREAKER_OUTCOMES. */
  outcome: 'circuit_breaker.outcome',
} as const;

/**
 * Circuit breaker metrics, with `circuit_breaker.name` (and `circuit_breaker.peer`):
 * - `circuit_breaker.calls`: counter (monotonic sum) with `circuit_breaker.outcome`;
 * - `circuit_breaker.state`: gauge, the index in BREAKER_STATE_GAUGE (0 closed, 1 open,
 *   2 half-open).
 */
export const breakerMetrics = {
  calls: 'circuit_breaker.calls',
  state: 'circuit_breaker.state',
} as const;

/** success and failure reached the peer; rejected were refused by the open breaker. */
export const BREAKER_OUTCOMES = ['success', 'failure', 'rejected'] as const;

/** Values of the `circuit_breaker.state` gauge, by index. */
export const BREAKER_STATE_GAUGE = ['closed', 'open', 'half_open'] as const;

export const faultEvents = {
  started: 'fault.started',
  ended: 'fault.ended',
} as const;

export const faultAttributes = {
  id: 'fault.id',
  kind: 'fault.kind',
  target: 'fault.target',
} as const;

export const idempotencyAttributes = {
  duplicate: 'idempotency.duplicate',
  key: 'idempotency.key',
} as const;

/**
 * Sidecar (service mesh) spans. A sidecar's spans are INTERNAL spans reported under the
 * service.name of the service it fronts, marked `mesh.sidecar=true`, and they forward the
 * caller's traceparent untouched: the service graph keeps pairing the services' own client and
 * server spans, so a sidecar adds no node and no edge.
 */
export const meshAttributes = {
  sidecar: 'mesh.sidecar',
  /** ingress | egress */
  direction: 'mesh.direction',
  /** The upstream an egress span calls. */
  upstream: 'mesh.upstream',
  /** Attempts an egress call made (1 = no retry). */
  attempts: 'mesh.attempts',
  /** Why the sidecar answered instead of the upstream (see MESH_REJECTIONS). */
  rejected: 'mesh.rejected',
  /** The caller's identity from its client certificate (ingress). */
  peerIdentity: 'mesh.peer.identity',
} as const;

export const MESH_REJECTIONS = ['breaker-open', 'bulkhead-full', 'timeout', 'unreachable'] as const;

/** Span events of outbound resilience policies (counters until OTel metrics carry them). */
export const resilienceEvents = {
  retry: 'resilience.retry',
  timeout: 'resilience.timeout',
  rejected: 'resilience.rejected',
} as const;

export const resilienceAttributes = {
  /** 1-based attempt the event concerns. */
  attempt: 'resilience.attempt',
  /** Backoff before the retry, in milliseconds. */
  retryDelayMs: 'resilience.retry.delay_ms',
  /** One of MESH_REJECTIONS. */
  reason: 'resilience.rejected.reason',
  /** On the resilience counters: the upstream (or route) the policy guards. */
  target: 'resilience.target',
} as const;

/** Counters (monotonic sums) of outbound resilience policies, with `resilience.target`. */
export const resilienceMetrics = {
  retries: 'resilience.retries',
  timeouts: 'resilience.timeouts',
  bulkheadRejections: 'resilience.bulkhead_rejections',
  rateLimitRejections: 'resilience.rate_limit_rejections',
} as const;

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
} as const;

export const sagaAttributes = {
  name: 'saga.name',
  id: 'saga.id',
  step: 'saga.step',
  stepKind: 'saga.step.kind',
  status: 'saga.status',
} as const;

export const SAGA_STEP_KINDS = ['action', 'compensation'] as const;

export const cqrsMetrics = {
  projectionPosition: 'projection.position',
  eventstorePosition: 'eventstore.position',
} as const;

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
} as const;

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
} as const;

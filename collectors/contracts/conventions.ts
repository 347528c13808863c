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

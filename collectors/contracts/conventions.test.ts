import { describe, expect, it } from 'vitest';
import * as conventions from './conventions';

/**
 * The telemetry contract, pinned: every instrumented system that follows these names breaks
 * when one changes. Changing a key here is a breaking change of the contract (README, "The
 * telemetry contract"); adding one means adding it here too.
 */
const PINNED = {
  semconv: {
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
  },
  messagingMetrics: { consumerLag: 'messaging.consumer.lag' },
  messagingMetricUnits: { consumerLag: '{message}' },
  sagaAttributes: {
    name: 'saga.name',
    id: 'saga.id',
    step: 'saga.step',
    stepKind: 'saga.step.kind',
    status: 'saga.status',
  },
  SAGA_STEP_KINDS: ['action', 'compensation'],
  cqrsMetrics: {
    projectionPosition: 'projection.position',
    eventstorePosition: 'eventstore.position',
    projectionLagMs: 'projection.lag_ms',
  },
  cqrsAttributes: {
    projection: 'projection.name',
    state: 'projection.state',
    eventStore: 'eventstore.name',
  },
  PROJECTION_STATES: ['running', 'paused', 'rebuilding'],
  cqrsEvents: {
    paused: 'projection.paused',
    resumed: 'projection.resumed',
    rebuildStarted: 'projection.rebuild_started',
    rebuildFinished: 'projection.rebuild_finished',
  },
  breakerEvents: { stateChange: 'circuit_breaker.state_change' },
  breakerAttributes: {
    name: 'circuit_breaker.name',
    peer: 'circuit_breaker.peer',
    from: 'circuit_breaker.from',
    to: 'circuit_breaker.to',
    state: 'circuit_breaker.state',
    outcome: 'circuit_breaker.outcome',
  },
  breakerMetrics: { calls: 'circuit_breaker.calls', state: 'circuit_breaker.state' },
  BREAKER_OUTCOMES: ['success', 'failure', 'rejected'],
  BREAKER_STATE_GAUGE: ['closed', 'open', 'half_open'],
  faultEvents: { started: 'fault.started', ended: 'fault.ended' },
  faultAttributes: { id: 'fault.id', kind: 'fault.kind', target: 'fault.target' },
  idempotencyAttributes: { duplicate: 'idempotency.duplicate', key: 'idempotency.key' },
  meshAttributes: {
    sidecar: 'mesh.sidecar',
    direction: 'mesh.direction',
    upstream: 'mesh.upstream',
    attempts: 'mesh.attempts',
    rejected: 'mesh.rejected',
    peerIdentity: 'mesh.peer.identity',
  },
  MESH_REJECTIONS: ['breaker-open', 'bulkhead-full', 'timeout', 'unreachable'],
  resilienceEvents: {
    retry: 'resilience.retry',
    timeout: 'resilience.timeout',
    rejected: 'resilience.rejected',
  },
  resilienceAttributes: {
    attempt: 'resilience.attempt',
    retryDelayMs: 'resilience.retry.delay_ms',
    reason: 'resilience.rejected.reason',
    target: 'resilience.target',
  },
  resilienceMetrics: {
    retries: 'resilience.retries',
    timeouts: 'resilience.timeouts',
    bulkheadRejections: 'resilience.bulkhead_rejections',
    rateLimitRejections: 'resilience.rate_limit_rejections',
  },
};

describe('telemetry conventions', () => {
  it('pins every exported registry and every key in it', () => {
    const exported: Record<string, unknown> = { ...conventions };
    expect(Object.keys(exported).sort()).toEqual(Object.keys(PINNED).sort());
    for (const [name, value] of Object.entries(PINNED)) {
      expect({ [name]: exported[name] }).toEqual({ [name]: value });
    }
  });

  it('never gives two meanings to one attribute key within a registry', () => {
    for (const [name, registry] of Object.entries(conventions)) {
      const values = Array.isArray(registry) ? registry : Object.values(registry);
      expect(new Set(values).size, name).toBe(values.length);
    }
  });
});

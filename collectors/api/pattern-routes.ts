import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ResilienceResponse } from '../contracts/breakers';
import type { ConsumerLagResponse } from '../contracts/consumer-lag';
import { messagingMetrics } from '../contracts/conventions';
import type { CqrsSnapshot } from '../contracts/cqrs';
import type { FaultsSnapshot } from '../contracts/faults';
import {
  type BreakersResponse,
  SagaListQuery,
  type SagaListResponse,
} from '../contracts/query-api';
import { API_PREFIX, apiRoutes } from '../contracts/routes';
import type { SagaTimeline } from '../contracts/sagas';
import { consumerLagFromTelemetry } from './consumer-lag-telemetry';
import type { OptionalSources, QuerySource } from './query-source';
import { parseOrReply, sendNotFound } from './validation';

const SagaParams = z.object({
  sagaId: z
    .string()
    .min(1, 'sagaId must not be empty')
    .max(256, 'sagaId must be at most 256 characters'),
});

export const CONSUMER_LAG_OFF =
  'no consumer groups reported yet: send the gauge messaging.consumer.lag ({message}) over OTLP ' +
  'with messaging.consumer.group.name, messaging.destination.name and ' +
  'messaging.destination.partition.id, or start the collectors with KAFKA_BROKERS ' +
  '(host:port list) to read the lag from Kafka';

/**
 * Pattern views:
 * - GET /api/v1/sagas?status=&limit= -> SagaListResponse (latest start first, steps included)
 * - GET /api/v1/sagas/:sagaId -> SagaTimeline; 404 when unknown or evicted
 * - GET /api/v1/breakers -> BreakersResponse (state, transitions, counters per breaker)
 * - GET /api/v1/resilience -> ResilienceResponse (retry, timeout, bulkhead, rate-limit counters)
 * - GET /api/v1/faults -> FaultsSnapshot (active oldest first, history newest end first)
 * - GET /api/v1/cqrs -> CqrsSnapshot (projection lag, throughput, state; event store heads)
 * - GET /api/v1/consumer-lag -> ConsumerLagResponse: 200 in every mode; Kafka mode: the broker
 *   poller's snapshot (`source: 'broker'`); otherwise the latest `messaging.consumer.lag` gauge
 *   points (`source: 'telemetry'`), or `enabled: false` with a message saying what to send
 */
export function registerPatternRoutes(
  app: FastifyInstance,
  source: QuerySource,
  optional: OptionalSources = {},
): void {
  app.get(apiRoutes.sagas, async (request, reply) => {
    const query = parseOrReply(SagaListQuery, request.query, reply);
    if (!query) return reply;
    const body: SagaListResponse = {
      sagas: source.sagas.list(source.clock(), query.limit, query.status),
    };
    return body;
  });

  app.get(`${API_PREFIX}/sagas/:sagaId`, async (request, reply) => {
    const params = parseOrReply(SagaParams, request.params, reply);
    if (!params) return reply;
    const saga: SagaTimeline | undefined = source.sagas.get(params.sagaId, source.clock());
    return saga ?? sendNotFound(reply, `saga ${params.sagaId}`);
  });

  app.get(
    apiRoutes.breakers,
    async (): Promise<BreakersResponse> => ({
      breakers: source.breakers.list(),
    }),
  );

  app.get(
    apiRoutes.resilience,
    async (): Promise<ResilienceResponse> => ({ counters: source.breakerMetrics.resilience() }),
  );

  app.get(apiRoutes.faults, async (): Promise<FaultsSnapshot> => source.faults.snapshot());

  app.get(apiRoutes.cqrs, async (): Promise<CqrsSnapshot> => source.cqrs.snapshot());

  app.get(apiRoutes.consumerLag, async (): Promise<ConsumerLagResponse> => {
    const poller = optional.consumerLag;
    if (poller) return { enabled: true, source: 'broker', snapshot: poller.snapshot() };
    const snapshot = consumerLagFromTelemetry(
      source.metrics.latest(messagingMetrics.consumerLag),
      source.clock(),
    );
    if (!snapshot) return { enabled: false, message: CONSUMER_LAG_OFF };
    return { enabled: true, source: 'telemetry', snapshot };
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultsSnapshot } from '../contracts/faults';
import {
  type BreakersResponse,
  SagaListQuery,
  type SagaListResponse,
} from '../contracts/query-api';
import { API_PREFIX, apiRoutes } from '../contracts/routes';
import type { SagaTimeline } from '../contracts/sagas';
import type { QuerySource } from './query-source';
import { parseOrReply, sendNotFound } from './validation';

const SagaParams = z.object({
  sagaId: z
    .string()
    .min(1, 'sagaId must not be empty')
    .max(256, 'sagaId must be at most 256 characters'),
});

/**
 * Pattern views:
 * - GET /api/v1/sagas?status=&limit= -> SagaListResponse (latest start first, steps included)
 * - GET /api/v1/sagas/:sagaId -> SagaTimeline; 404 when unknown or evicted
 * - GET /api/v1/breakers -> BreakersResponse (state, transitions, counters per breaker)
 * - GET /api/v1/faults -> FaultsSnapshot (active oldest first, history newest end first)
 */
export function registerPatternRoutes(app: FastifyInstance, source: QuerySource): void {
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

  app.get(apiRoutes.faults, async (): Promise<FaultsSnapshot> => source.faults.snapshot());
}

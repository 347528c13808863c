import type { FastifyInstance } from 'fastify';
import type { GraphSnapshot } from '../contracts/graph';
import type { HealthResponse } from '../contracts/health';
import { RedQuery, type ServicesResponse } from '../contracts/query-api';
import type { RedSnapshot } from '../contracts/red';
import { apiRoutes } from '../contracts/routes';
import type { QuerySource } from './query-source';
import { parseOrReply } from './validation';

/**
 * Overview:
 * - GET /health -> HealthResponse once both listeners are up
 * - GET /api/v1/graph -> GraphSnapshot (the service graph over the rolling window)
 * - GET /api/v1/services -> ServicesResponse (every service seen, most recently seen first)
 * - GET /api/v1/red?service= -> RedSnapshot per service and per operation (one service's
 *   series only when `service` is given; empty lists for a service never seen)
 */
export function registerOverviewRoutes(app: FastifyInstance, source: QuerySource): void {
  app.get(apiRoutes.health, async (): Promise<HealthResponse> => ({ status: 'ok' }));

  app.get(apiRoutes.graph, async (): Promise<GraphSnapshot> => source.graph.snapshot());

  app.get(
    apiRoutes.services,
    async (): Promise<ServicesResponse> => ({
      services: source.services.list(),
    }),
  );

  app.get(apiRoutes.red, async (request, reply) => {
    const query = parseOrReply(RedQuery, request.query, reply);
    if (!query) return reply;
    const snapshot: RedSnapshot = source.red.snapshot(source.clock());
    if (query.service === undefined) return snapshot;
    const ofService = (s: { service: string }) => s.service === query.service;
    return {
      ...snapshot,
      services: snapshot.services.filter(ofService),
      operations: snapshot.operations.filter(ofService),
    } satisfies RedSnapshot;
  });
}

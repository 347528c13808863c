import type { FastifyInstance } from 'fastify';
import { RedHistoryQuery, type RedHistoryResponse } from '../contracts/red';
import { apiRoutes } from '../contracts/routes';
import type { RedHistorySampler } from './red-history-sampler';
import { parseOrReply } from './validation';

/**
 * RED history (read from the sampler's recorder; nothing is computed per request):
 * - GET /api/v1/red/history?key=service:accounts&key=node:accounts -> RedHistoryResponse, one
 *   series per distinct key in the order asked; an unknown key answers an empty series.
 *   400 for a missing, malformed or unknown parameter, or more than RED_HISTORY_MAX_KEYS keys.
 */
export function registerRedHistoryRoutes(
  app: FastifyInstance,
  clock: () => number,
  sampler: RedHistorySampler,
): void {
  app.get(apiRoutes.redHistory, async (request, reply) => {
    const query = parseOrReply(RedHistoryQuery, request.query, reply);
    if (!query) return reply;
    const nowMs = clock();
    const body: RedHistoryResponse = {
      generatedAtUnixMs: nowMs,
      intervalSeconds: sampler.intervalMs / 1000,
      series: [...new Set(query.key)].map((key) => ({
        key,
        samples: sampler.recorder.samples(key, nowMs),
      })),
    };
    return body;
  });
}

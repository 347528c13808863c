import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '../contracts/routes';
import type { MetricsExposition } from './prometheus';

/** GET /metrics: Prometheus text exposition (format 0.0.4) of the derived metrics. */
export function registerMetricsRoute(app: FastifyInstance, exposition: MetricsExposition): void {
  app.get(apiRoutes.metrics, async (_request, reply) => {
    const { contentType, text } = await exposition.render();
    return reply.type(contentType).send(text);
  });
}

import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GraphSnapshot } from '../contracts/graph';
import type { HealthResponse } from '../contracts/health';
import { API_PREFIX, type ApiError, apiRoutes } from '../contracts/routes';
import type { SpanStore } from '../store/span-store';
import { GraphStream } from './graph-stream';

export interface ApiServerOptions {
  store: Pick<SpanStore, 'getTrace'>;
  graph: { snapshot(): GraphSnapshot };
  streamIntervalMs: number;
  heartbeatMs?: number;
}

const TraceParams = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'traceId must be 32 hexadecimal characters'),
});

export const COLLECTOR_VERSION: string = createRequire(import.meta.url)(
  '../../package.json',
).version;

/**
 * The query API: health, the service graph, traces by id and the live stream (SSE). Every
 * error answers JSON `{ error }` (the contract's ApiError).
 */
export function createApiServer(options: ApiServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const stream = new GraphStream({
    snapshot: () => options.graph.snapshot(),
    intervalMs: options.streamIntervalMs,
    heartbeatMs: options.heartbeatMs,
    collectorVersion: COLLECTOR_VERSION,
  });
  app.addHook('preClose', async () => stream.closeAll());

  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = { error: `not found: ${request.method} ${request.url}` };
    return reply.code(404).send(body);
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const body: ApiError = { error: status === 500 ? 'internal error' : error.message };
    return reply.code(status).send(body);
  });

  app.get(apiRoutes.health, async (): Promise<HealthResponse> => ({ status: 'ok' }));

  app.get(apiRoutes.graph, async (): Promise<GraphSnapshot> => options.graph.snapshot());

  app.get(`${API_PREFIX}/traces/:traceId`, async (request, reply) => {
    const params = TraceParams.safeParse(request.params);
    if (!params.success) {
      const body: ApiError = { error: params.error.issues[0]?.message ?? 'invalid traceId' };
      return reply.code(400).send(body);
    }
    const trace = options.store.getTrace(params.data.traceId.toLowerCase());
    if (!trace) {
      const body: ApiError = { error: `trace ${params.data.traceId} not found` };
      return reply.code(404).send(body);
    }
    return trace;
  });

  app.get(apiRoutes.stream, (request, reply) => {
    reply.hijack();
    stream.add(reply.raw);
    request.raw.socket.setNoDelay(true);
  });

  return app;
}

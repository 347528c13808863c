import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ApiError, apiRoutes } from '../contracts/routes';
import { LiveStream } from './live-stream';
import { registerMetricsRoute } from './metrics-route';
import { registerOverviewRoutes } from './overview-routes';
import { registerPatternRoutes } from './pattern-routes';
import { createMetricsExposition } from './prometheus';
import type { OptionalSources, QuerySource } from './query-source';
import { registerSignalRoutes } from './signal-routes';
import { EVERY_TICK, tickMessages } from './stream-messages';
import { registerTraceRoutes } from './trace-routes';

export interface ApiServerOptions extends OptionalSources {
  /** The processors to read (a TelemetryPipeline). */
  source: QuerySource;
  streamIntervalMs: number;
  heartbeatMs?: number;
}

export const COLLECTOR_VERSION: string = createRequire(import.meta.url)(
  '../../package.json',
).version;

/**
 * The query API (see contracts/routes.ts for every path and its response schema): health,
 * services, graph, RED, traces, logs, metrics, sagas, breakers, resilience, faults, CQRS,
 * consumer lag, Prometheus /metrics and the live stream (SSE). Every error answers JSON ApiErrorBody `{ error, details? }`: 400 for bad
 * parameters, 404 for unknown ids and paths.
 */
export function createApiServer(options: ApiServerOptions): FastifyInstance {
  const { source } = options;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const stream = new LiveStream({
    messages: () => tickMessages(source),
    everyTick: EVERY_TICK,
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

  registerOverviewRoutes(app, source);
  registerTraceRoutes(app, source);
  registerSignalRoutes(app, source);
  registerPatternRoutes(app, source, options);
  registerMetricsRoute(app, createMetricsExposition(source, options));

  app.get(apiRoutes.stream, (request, reply) => {
    reply.hijack();
    stream.add(reply.raw);
    request.raw.socket.setNoDelay(true);
  });

  return app;
}

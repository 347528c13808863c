import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ApiError, apiRoutes } from '../contracts/routes';
import { LiveStream } from './live-stream';
import { registerMetricsRoute } from './metrics-route';
import { registerOverviewRoutes } from './overview-routes';
import { registerPatternRoutes } from './pattern-routes';
import { createMetricsExposition } from './prometheus';
import type { OptionalSources, QuerySource } from './query-source';
import { registerRedHistoryRoutes } from './red-history-routes';
import { RedHistorySampler, type RedHistorySamplerOptions } from './red-history-sampler';
import { registerSignalRoutes } from './signal-routes';
import { EVERY_TICK, tickMessages } from './stream-messages';
import { registerTraceRoutes } from './trace-routes';

export interface ApiServerOptions extends OptionalSources {
  /** The processors to read (a TelemetryPipeline). */
  source: QuerySource;
  streamIntervalMs: number;
  heartbeatMs?: number;
  /** The RED history's sampling interval, retention and key bound (defaults: 5 s, 15 min, 500). */
  redHistory?: RedHistorySamplerOptions;
}

export const COLLECTOR_VERSION: string = createRequire(import.meta.url)(
  '../../package.json',
).version;

/**
 * The query API (see contracts/routes.ts for every path and its response schema): health,
 * services, graph, RED and its recent history, traces, logs, metrics, sagas, breakers,
 * resilience, faults, CQRS, consumer lag, Prometheus /metrics and the live stream (SSE). Every
 * error answers JSON ApiErrorBody `{ error, details? }`: 400 for bad parameters, 404 for unknown
 * ids and paths.
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
  // Samples from creation on, whether or not anyone watches; stopped when the server closes.
  const redHistory = new RedHistorySampler(source, options.redHistory);
  redHistory.start();
  app.addHook('onClose', async () => redHistory.stop());

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
  registerRedHistoryRoutes(app, source.clock, redHistory);
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

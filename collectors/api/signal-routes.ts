import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LogQuery, type LogsResponse, TraceLogsQuery } from '../contracts/logs';
import {
  type MetricNamesResponse,
  MetricQuery,
  type MetricSeriesResponse,
} from '../contracts/metrics';
import { traceIdParam } from '../contracts/query-params';
import { API_PREFIX, apiRoutes } from '../contracts/routes';
import type { QuerySource } from './query-source';
import { parseOrReply } from './validation';

const TraceParams = z.object({ traceId: traceIdParam });

/**
 * Logs and metrics as received (from the bounded log and metric stores):
 * - GET /api/v1/logs?traceId=&service=&fromUnixMs=&toUnixMs=&minSeverity=&limit= -> LogsResponse
 *   (newest first; minSeverity is 0-24 or a level name such as warn)
 * - GET /api/v1/traces/:traceId/logs?... -> LogsResponse: the logs correlated with one trace
 *   (an empty list when none are held; the trace itself need not be held)
 * - GET /api/v1/metrics/series?name=&service=&fromUnixMs=&toUnixMs= -> MetricSeriesResponse
 * - GET /api/v1/metrics/names -> MetricNamesResponse
 */
export function registerSignalRoutes(app: FastifyInstance, source: QuerySource): void {
  app.get(apiRoutes.logs, async (request, reply) => {
    const query = parseOrReply(LogQuery, request.query, reply);
    if (!query) return reply;
    const body: LogsResponse = { logs: source.logs.query(query) };
    return body;
  });

  app.get(`${API_PREFIX}/traces/:traceId/logs`, async (request, reply) => {
    const params = parseOrReply(TraceParams, request.params, reply);
    if (!params) return reply;
    const query = parseOrReply(TraceLogsQuery, request.query, reply);
    if (!query) return reply;
    const body: LogsResponse = { logs: source.logs.query({ ...query, traceId: params.traceId }) };
    return body;
  });

  app.get(apiRoutes.metricSeries, async (request, reply) => {
    const query = parseOrReply(MetricQuery, request.query, reply);
    if (!query) return reply;
    const body: MetricSeriesResponse = { series: source.metrics.query(query) };
    return body;
  });

  app.get(
    apiRoutes.metricNames,
    async (): Promise<MetricNamesResponse> => ({
      names: source.metrics.names(),
    }),
  );
}

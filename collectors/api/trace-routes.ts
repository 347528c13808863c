import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CriticalPath } from '../contracts/critical-path';
import { API_PREFIX, apiRoutes } from '../contracts/routes';
import {
  parseTraceSearchQuery,
  TraceSearchQuery,
  type TraceSearchResponse,
} from '../contracts/trace-search';
import type { Trace } from '../contracts/traces';
import { criticalPath } from '../processors/critical-path';
import type { QuerySource } from './query-source';
import {
  parseOrReply,
  problemsOf,
  sendBadRequest,
  sendNotFound,
  unknownParameters,
} from './validation';

const TraceParams = z.object({
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'traceId must be 32 hexadecimal characters')
    .transform((id) => id.toLowerCase()),
});

const SEARCH_PARAMETERS = Object.keys(TraceSearchQuery.shape);

/**
 * Traces:
 * - GET /api/v1/traces?service=&operation=&status=&minDurationMs=&maxDurationMs=
 *   &attribute=k=v (repeatable)&startUnixMs=&endUnixMs=&limit= -> TraceSearchResponse,
 *   newest start first (served from the incremental trace index, not by re-summarising traces)
 * - GET /api/v1/traces/:traceId -> Trace (spans by start time); 404 when unknown or evicted
 * - GET /api/v1/traces/:traceId/critical-path -> CriticalPath from the trace's root
 */
export function registerTraceRoutes(app: FastifyInstance, source: QuerySource): void {
  app.get(apiRoutes.traces, async (request, reply) => {
    const at = request.url.indexOf('?');
    const params = new URLSearchParams(at === -1 ? '' : request.url.slice(at + 1));
    const unknown = unknownParameters(params.keys(), SEARCH_PARAMETERS);
    if (unknown.length > 0) return sendBadRequest(reply, unknown);
    const parsed = parseTraceSearchQuery(params);
    if (!parsed.ok) return sendBadRequest(reply, problemsOf(parsed.issues, SEARCH_PARAMETERS));
    const body: TraceSearchResponse = { traces: source.traces.search(parsed.query) };
    return body;
  });

  app.get(`${API_PREFIX}/traces/:traceId`, async (request, reply) => {
    const params = parseOrReply(TraceParams, request.params, reply);
    if (!params) return reply;
    const trace: Trace | undefined = source.store.getTrace(params.traceId);
    return trace ?? sendNotFound(reply, `trace ${params.traceId}`);
  });

  app.get(`${API_PREFIX}/traces/:traceId/critical-path`, async (request, reply) => {
    const params = parseOrReply(TraceParams, request.params, reply);
    if (!params) return reply;
    const spans = source.store.getSpans(params.traceId);
    if (!spans) return sendNotFound(reply, `trace ${params.traceId}`);
    const path: CriticalPath = criticalPath(spans);
    return path;
  });
}

import { z } from 'zod';

/**
 * Paths of the collectors' query API (default port 4320). The Next.js server proxies the same
 * paths under the same prefix, so the browser talks to one origin. Each route answers JSON
 * that parses with the schema named beside it; every 4xx/5xx answers an ApiErrorBody.
 */
export const API_PREFIX = '/api/v1';

export const apiRoutes = {
  /** HealthResponse */
  health: '/health',
  /** Prometheus text exposition of the derived metrics (not JSON). */
  metrics: '/metrics',
  /** GraphSnapshot */
  graph: `${API_PREFIX}/graph`,
  /** ServicesResponse */
  services: `${API_PREFIX}/services`,
  /** RedSnapshot; query RedQuery */
  red: `${API_PREFIX}/red`,
  /** RedHistoryResponse; query RedHistoryQuery (key repeats) */
  redHistory: `${API_PREFIX}/red/history`,
  /** TraceSearchResponse; query TraceSearchQuery */
  traces: `${API_PREFIX}/traces`,
  /** Trace */
  trace: (traceId: string) => `${API_PREFIX}/traces/${encodeURIComponent(traceId)}`,
  /** CriticalPath */
  criticalPath: (traceId: string) =>
    `${API_PREFIX}/traces/${encodeURIComponent(traceId)}/critical-path`,
  /** LogsResponse: the trace's log records; query TraceLogsQuery */
  traceLogs: (traceId: string) => `${API_PREFIX}/traces/${encodeURIComponent(traceId)}/logs`,
  /** LogsResponse; query LogQuery */
  logs: `${API_PREFIX}/logs`,
  /** MetricSeriesResponse; query MetricQuery (name required) */
  metricSeries: `${API_PREFIX}/metrics/series`,
  /** MetricNamesResponse */
  metricNames: `${API_PREFIX}/metrics/names`,
  /** CqrsSnapshot */
  cqrs: `${API_PREFIX}/cqrs`,
  /** ConsumerLagResponse (enabled: false outside Kafka mode) */
  consumerLag: `${API_PREFIX}/consumer-lag`,
  /** ResilienceResponse (retry, timeout, bulkhead and rate-limit counters) */
  resilience: `${API_PREFIX}/resilience`,
  /** SagaListResponse; query SagaListQuery */
  sagas: `${API_PREFIX}/sagas`,
  /** SagaTimeline */
  saga: (sagaId: string) => `${API_PREFIX}/sagas/${encodeURIComponent(sagaId)}`,
  /** BreakersResponse */
  breakers: `${API_PREFIX}/breakers`,
  /** FaultsSnapshot */
  faults: `${API_PREFIX}/faults`,
  /** Server-Sent Events; every message parses with StreamMessage */
  stream: `${API_PREFIX}/stream`,
} as const;

/** OTLP/HTTP receiver paths (default port 4318), as the specification names them. */
export const otlpRoutes = {
  traces: '/v1/traces',
  metrics: '/v1/metrics',
  logs: '/v1/logs',
} as const;

/** One problem with one parameter of a request the query API refused with 400. */
export const ParameterProblem = z.object({ parameter: z.string(), message: z.string() });
export type ParameterProblem = z.infer<typeof ParameterProblem>;

/**
 * Error body of every 4xx/5xx answer of the query API (and of the UI's proxy). On a 400 for
 * bad parameters, `details` is a ParameterProblem[] (one entry per problem).
 */
export const ApiErrorBody = z.object({ error: z.string(), details: z.unknown().optional() });
export type ApiError = z.infer<typeof ApiErrorBody>;

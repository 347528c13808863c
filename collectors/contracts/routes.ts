/**
 * Paths of the collectors' query API (default port 4320). The Next.js server proxies the same
 * paths under the same prefix, so the browser talks to one origin.
 */
export const API_PREFIX = '/api/v1';

export const apiRoutes = {
  health: '/health',
  graph: `${API_PREFIX}/graph`,
  trace: (traceId: string) => `${API_PREFIX}/traces/${encodeURIComponent(traceId)}`,
  stream: `${API_PREFIX}/stream`,
} as const;

/** OTLP/HTTP receiver paths (default port 4318), as the specification names them. */
export const otlpRoutes = {
  traces: '/v1/traces',
} as const;

/** Error body of every 4xx/5xx answer of the query API. */
export interface ApiError {
  error: string;
  details?: unknown;
}

/** Which figure an edge label puts first; the others stay in the label, smaller. */
export const EDGE_METRICS = [
  { id: 'rate', label: 'Rate', description: 'requests per second' },
  { id: 'errors', label: 'Error %', description: 'error percentage' },
  { id: 'p95', label: 'p95', description: '95th percentile latency' },
] as const;
export type EdgeMetric = (typeof EDGE_METRICS)[number]['id'];

export const DEFAULT_EDGE_METRIC: EdgeMetric = 'rate';
export const EDGE_METRIC_STORAGE_KEY = 'patternscope.graph.edge-metric';

/** A stored value back to a metric; anything unknown (or nothing) is the default. */
export function parseEdgeMetric(stored: string | null | undefined): EdgeMetric {
  return EDGE_METRICS.find((metric) => metric.id === stored)?.id ?? DEFAULT_EDGE_METRIC;
}

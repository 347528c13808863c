import type { GraphEdge, GraphNode } from '../../collectors/contracts';

/** Error-rate bands that colour nodes and edges; the word is shown too, never colour alone. */
export type Health = 'healthy' | 'warning' | 'critical';

export function healthOf(errorRate: number): Health {
  if (errorRate < 0.01) return 'healthy';
  if (errorRate < 0.05) return 'warning';
  return 'critical';
}

/** Requests per second: one decimal below 100, whole numbers above. */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0';
  if (perSecond < 0.1) return '<0.1';
  if (perSecond < 100) return trimZero(perSecond.toFixed(1));
  return Math.round(perSecond).toString();
}

/** A 0..1 ratio as a percentage: one decimal below 10 %, whole numbers above. */
export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  if (percent < 10) return `${trimZero(percent.toFixed(1))}%`;
  return `${Math.round(percent)}%`;
}

/** A duration in milliseconds with its unit: "3.4 ms", "120 ms", "1.25 s". */
export function formatMs(ms: number): string {
  if (ms < 10) return `${trimZero(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${trimZero((ms / 1000).toFixed(2))} s`;
}

/** "2.50" → "2.5", "2.00" → "2". */
function trimZero(fixed: string): string {
  return Number(fixed).toString();
}

type NodeFigures = Pick<GraphNode, 'label' | 'kind' | 'requestRatePerSecond' | 'errorRate'>;

/** "service accounts, 3.2 requests per second, 0% errors" */
export function nodeAriaLabel(node: NodeFigures): string {
  return `${node.kind} ${node.label}, ${formatRate(node.requestRatePerSecond)} requests per second, ${formatPercent(node.errorRate)} errors`;
}

type EdgeFigures = Pick<GraphEdge, 'requestRatePerSecond' | 'errorRate'> & { p95Ms: number };

/** The three figures an edge label shows, in display order. */
export function edgeFigures(edge: EdgeFigures): { rate: string; errors: string; p95: string } {
  return {
    rate: `${formatRate(edge.requestRatePerSecond)} req/s`,
    errors: `${formatPercent(edge.errorRate)} err`,
    p95: `p95 ${formatMs(edge.p95Ms)}`,
  };
}

/** "gateway to accounts, 3.2 requests per second, 0% errors, p95 12 ms" */
export function edgeAriaLabel(source: string, target: string, edge: EdgeFigures): string {
  return `${source} to ${target}, ${formatRate(edge.requestRatePerSecond)} requests per second, ${formatPercent(edge.errorRate)} errors, p95 ${formatMs(edge.p95Ms)}`;
}

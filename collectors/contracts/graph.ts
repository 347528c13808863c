import { z } from 'zod';

/**
 * The service graph, derived from client/server (and producer/consumer) span pairs the way
 * Grafana Tempo's servicegraphs processor does it. Every figure covers the rolling window
 * named in the snapshot.
 */

export const NodeKind = z.enum([
  'service', // a service that reports its own spans
  'gateway', // a service whose name marks it as the public entry (reserved for later styling)
  'user', // virtual: the caller of a root server span
  'database', // virtual: db.system / db.name of an unmatched client span
  'topic', // virtual: messaging destination
  'external', // virtual: peer.service / server.address of an unmatched client span
]);
export type NodeKind = z.infer<typeof NodeKind>;

export const LatencyMs = z.object({
  p50: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
});
export type LatencyMs = z.infer<typeof LatencyMs>;

export const GraphNode = z.object({
  id: z.string(),
  label: z.string(),
  kind: NodeKind,
  /** Server-side figures for spans this node served (0 for virtual nodes without any). */
  requestRatePerSecond: z.number().nonnegative(),
  errorRate: z.number().min(0).max(1),
});
export type GraphNode = z.infer<typeof GraphNode>;

export const ConnectionType = z.enum(['http', 'messaging', 'database', 'virtual']);
export type ConnectionType = z.infer<typeof ConnectionType>;

export const GraphEdge = z.object({
  /** `${source}->${target}` */
  id: z.string(),
  source: z.string(),
  target: z.string(),
  connectionType: ConnectionType,
  /** Requests seen in the window. */
  requestCount: z.number().int().nonnegative(),
  /** Of those, requests where either half had status ERROR. */
  errorCount: z.number().int().nonnegative(),
  requestRatePerSecond: z.number().nonnegative(),
  errorRate: z.number().min(0).max(1),
  /**
   * Latency percentiles as the caller saw them (the client span, sidecars and network
   * included); for messaging edges, the consumer's processing time.
   */
  latencyMs: LatencyMs,
  /** Requests since the collector started (never reset by the window). */
  totalRequests: z.number().int().nonnegative(),
});
export type GraphEdge = z.infer<typeof GraphEdge>;

export const GraphSnapshot = z.object({
  /** Unix time in milliseconds when the snapshot was computed. */
  generatedAtUnixMs: z.number(),
  /** Length of the rolling window the rates and percentiles cover. */
  windowSeconds: z.number().positive(),
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
});
export type GraphSnapshot = z.infer<typeof GraphSnapshot>;

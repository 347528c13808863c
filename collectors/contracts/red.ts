import { z } from 'zod';
import { type GraphSnapshot, LatencyMs } from './graph';

/**
 * RED metrics (rate, errors, duration) from entry spans (SERVER and CONSUMER), per service and
 * per (service, operation = span name). Window figures cover the rolling window named in the
 * snapshot; totals count since the collector started.
 */

export const RedSeries = z.object({
  service: z.string(),
  /** Span name; absent on a per-service series. */
  operation: z.string().optional(),
  requestRatePerSecond: z.number().nonnegative(),
  errorRate: z.number().min(0).max(1),
  /** Entry spans seen in the window. */
  requestCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  /** Duration percentiles over the window (0 when the window holds no span). */
  latencyMs: LatencyMs,
  totalRequests: z.number().int().nonnegative(),
  totalErrors: z.number().int().nonnegative(),
});
export type RedSeries = z.infer<typeof RedSeries>;

export const RedSnapshot = z.object({
  generatedAtUnixMs: z.number(),
  windowSeconds: z.number().positive(),
  services: z.array(RedSeries),
  operations: z.array(RedSeries),
});
export type RedSnapshot = z.infer<typeof RedSnapshot>;

/**
 * RED history: one sample per key on a fixed interval, kept by the collectors for a few minutes
 * so a chart can show the recent past the moment it opens. Keys name what a sample describes,
 * derived from the stream's snapshots the same way on both sides (see `historySamplesOfGraph`
 * and `historySamplesOfRed`): `node:<node id>` and `edge:<edge id>` from the GraphSnapshot,
 * `service:<service>` from the RedSnapshot.
 */
export const RedHistoryKey = z.templateLiteral(
  [z.enum(['node', 'edge', 'service']), ':', z.string().min(1).max(300)],
  {
    error: (issue) =>
      `key ${JSON.stringify(issue.input)} must be node:<node id>, edge:<source>-><target> or service:<name> (at most 300 characters after the colon)`,
  },
);
export type RedHistoryKey = z.infer<typeof RedHistoryKey>;

export const RedSample = z.object({
  /** Unix ms when the sample was taken (the snapshot's generation time). */
  t: z.number(),
  ratePerSecond: z.number().nonnegative(),
  /** 0..1 */
  errorRate: z.number().min(0).max(1),
  /** Milliseconds; null where the source has no latency (graph nodes). */
  p95Ms: z.number().nonnegative().nullable(),
});
export type RedSample = z.infer<typeof RedSample>;

/** At most this many keys per history request. */
export const RED_HISTORY_MAX_KEYS = 4;

const asList = (value: unknown) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** GET /api/v1/red/history?key=&key= (one `key` per series, in the order asked). */
export const RedHistoryQuery = z.strictObject({
  key: z.preprocess(
    asList,
    z
      .array(RedHistoryKey)
      .min(1, { error: 'key is required, e.g. key=service:accounts (repeat it for more)' })
      .max(RED_HISTORY_MAX_KEYS, {
        error: `at most ${RED_HISTORY_MAX_KEYS} keys per request`,
      }),
  ),
});
export type RedHistoryQuery = z.infer<typeof RedHistoryQuery>;

export const RedHistorySeries = z.object({
  key: RedHistoryKey,
  /** Oldest first; empty for a key the collectors hold no samples of. */
  samples: z.array(RedSample),
});
export type RedHistorySeries = z.infer<typeof RedHistorySeries>;

/** GET /api/v1/red/history: one series per key asked (duplicates once). */
export const RedHistoryResponse = z.object({
  generatedAtUnixMs: z.number(),
  /** Time between two samples of a key that stayed in the snapshots. */
  intervalSeconds: z.number().positive(),
  series: z.array(RedHistorySeries),
});
export type RedHistoryResponse = z.infer<typeof RedHistoryResponse>;

export type KeyedRedSample = readonly [RedHistoryKey, RedSample];

/** A graph snapshot's samples: one per node (no latency) and one per edge. */
export function historySamplesOfGraph(graph: GraphSnapshot): KeyedRedSample[] {
  const t = graph.generatedAtUnixMs;
  const out: KeyedRedSample[] = [];
  for (const node of graph.nodes) {
    out.push([
      `node:${node.id}`,
      { t, ratePerSecond: node.requestRatePerSecond, errorRate: node.errorRate, p95Ms: null },
    ]);
  }
  for (const edge of graph.edges) {
    out.push([
      `edge:${edge.id}`,
      {
        t,
        ratePerSecond: edge.requestRatePerSecond,
        errorRate: edge.errorRate,
        p95Ms: edge.latencyMs.p95,
      },
    ]);
  }
  return out;
}

/** A RED snapshot's samples: one per service (operations are not kept). */
export function historySamplesOfRed(red: RedSnapshot): KeyedRedSample[] {
  const t = red.generatedAtUnixMs;
  return red.services.map((service) => [
    `service:${service.service}`,
    {
      t,
      ratePerSecond: service.requestRatePerSecond,
      errorRate: service.errorRate,
      p95Ms: service.latencyMs.p95,
    },
  ]);
}

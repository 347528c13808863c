import { z } from 'zod';
import { LatencyMs } from './graph';

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

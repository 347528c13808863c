import { z } from 'zod';

/**
 * Circuit breakers, from `circuit_breaker.state_change` events and the breaker metrics.
 * One breaker per (service, circuit_breaker.name).
 */

export const BreakerState = z.enum(['closed', 'open', 'half_open']);
export type BreakerState = z.infer<typeof BreakerState>;

export const BreakerTransition = z.object({
  /** null when the event did not say. */
  from: BreakerState.nullable(),
  to: BreakerState,
  timeUnixMs: z.number(),
  traceId: z.string(),
  spanId: z.string(),
});
export type BreakerTransition = z.infer<typeof BreakerTransition>;

/**
 * From the `circuit_breaker.calls` counter (by outcome), over the rolling window ending at the
 * latest export: calls (every outcome), rejections (outcome `rejected`), and errorPercent =
 * failures / (successes + failures), 0 when no call reached the peer. null until reported.
 */
export const BreakerCounters = z.object({
  calls: z.number().nonnegative().nullable(),
  rejections: z.number().nonnegative().nullable(),
  /** 0..100 */
  errorPercent: z.number().min(0).max(100).nullable(),
  updatedAtUnixMs: z.number(),
});
export type BreakerCounters = z.infer<typeof BreakerCounters>;

export const BreakerView = z.object({
  /** `${service}/${name}` */
  key: z.string(),
  service: z.string(),
  name: z.string(),
  /** `circuit_breaker.peer` of the latest event that carried it; empty when none did. */
  peer: z.string(),
  state: BreakerState,
  /** null while only metrics have been seen. */
  lastChangeUnixMs: z.number().nullable(),
  /** Oldest first; the oldest are dropped beyond the history cap. */
  transitions: z.array(BreakerTransition),
  counters: BreakerCounters.nullable(),
});
export type BreakerView = z.infer<typeof BreakerView>;

/** Counts of the resilience counters (see conventions.ts resilienceMetrics). */
export const ResilienceCounts = z.object({
  retries: z.number().nonnegative(),
  timeouts: z.number().nonnegative(),
  bulkheadRejections: z.number().nonnegative(),
  rateLimitRejections: z.number().nonnegative(),
});
export type ResilienceCounts = z.infer<typeof ResilienceCounts>;

/** The resilience policies of one service towards one target (`resilience.target`). */
export const ResilienceCounters = z.object({
  /** `${service}/${target}` */
  key: z.string(),
  service: z.string(),
  /** Empty when the counters carried no `resilience.target`. */
  target: z.string(),
  /** Since each counter started (as the producer reports them). */
  total: ResilienceCounts,
  /** Increase over the rolling window ending at the latest export. */
  recent: ResilienceCounts,
  windowSeconds: z.number().positive(),
  updatedAtUnixMs: z.number(),
});
export type ResilienceCounters = z.infer<typeof ResilienceCounters>;

/** GET /api/v1/resilience: sorted by service, then target. */
export const ResilienceResponse = z.object({ counters: z.array(ResilienceCounters) });
export type ResilienceResponse = z.infer<typeof ResilienceResponse>;

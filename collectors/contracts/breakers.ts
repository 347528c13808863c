import { z } from 'zod';

/**
 * Circuit breakers, from `circuit_breaker.state_change` events (and, later, breaker metrics).
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

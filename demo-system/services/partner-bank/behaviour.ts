import { z } from 'zod';

/**
 * How badly partner-bank behaves, set at run time (`PUT /admin/behaviour`): every business
 * request first waits `latencyMs`, then fails with probability `failureRate` (503); during an
 * `outage` it drops the connection without answering, as a host that is down would.
 */
export const behaviourSchema = z
  .object({
    failureRate: z.number().min(0).max(1).default(0),
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    outage: z.boolean().default(false),
  })
  .strict();

export type Behaviour = z.infer<typeof behaviourSchema>;

export const HEALTHY: Behaviour = { failureRate: 0, latencyMs: 0, outage: false };

export type BehaviourDecision = { kind: 'drop' } | { kind: 'fail' } | { kind: 'serve' };

/** What to do with one request, given the behaviour and a draw `r` in [0, 1). */
export function decideBehaviour(behaviour: Behaviour, r: number): BehaviourDecision {
  if (behaviour.outage) return { kind: 'drop' };
  if (r < behaviour.failureRate) return { kind: 'fail' };
  return { kind: 'serve' };
}

import { z } from 'zod';
import { SAGA_STEP_KINDS } from './conventions';
import { StatusCode } from './traces';

/**
 * Saga timelines, built from spans that carry the saga.* attributes (one span per step).
 */

export const SagaStepKind = z.enum(SAGA_STEP_KINDS);
export type SagaStepKind = z.infer<typeof SagaStepKind>;

/** `compensating` is only ever inferred: compensation steps seen, the saga not yet settled. */
export const SagaStatus = z.enum(['running', 'compensating', 'completed', 'compensated', 'failed']);
export type SagaStatus = z.infer<typeof SagaStatus>;

export const SagaStep = z.object({
  /** `saga.step`, else the span name. */
  name: z.string(),
  kind: SagaStepKind,
  service: z.string(),
  traceId: z.string(),
  spanId: z.string(),
  startUnixMs: z.number(),
  durationMs: z.number().nonnegative(),
  status: StatusCode,
});
export type SagaStep = z.infer<typeof SagaStep>;

export const SagaTimeline = z.object({
  id: z.string(),
  /** `saga.name` of the first step that carries it; empty when none does. */
  name: z.string(),
  status: SagaStatus,
  /** reported: `saga.status` of the latest step carrying it; inferred: from the steps. */
  statusSource: z.enum(['reported', 'inferred']),
  startUnixMs: z.number(),
  durationMs: z.number().nonnegative(),
  /** orchestrated: every step from one service; choreographed: steps across services. */
  coordination: z.enum(['orchestrated', 'choreographed']),
  services: z.array(z.string()),
  /** In start order; the oldest are dropped beyond the step cap (see droppedSteps). */
  steps: z.array(SagaStep),
  droppedSteps: z.number().int().nonnegative(),
  lastUpdateUnixMs: z.number(),
});
export type SagaTimeline = z.infer<typeof SagaTimeline>;

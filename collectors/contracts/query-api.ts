import { z } from 'zod';
import { BreakerView } from './breakers';
import { SagaStatus, SagaTimeline } from './sagas';

/**
 * Query parameters and response bodies of the query API's list routes that have no contract
 * file of their own (see routes.ts for the paths). Query values arrive as strings; unknown
 * parameters are refused with 400, so a misspelt filter never silently matches everything.
 */

/** One service that sent telemetry, with when the collector last received some from it. */
export const ServiceInfo = z.object({
  name: z.string(),
  firstSeenUnixMs: z.number(),
  lastSeenUnixMs: z.number(),
  /** Spans received from the service since the collector started. */
  spanCount: z.number().int().nonnegative(),
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;

/** GET /api/v1/services: every service seen (most recently seen first). */
export const ServicesResponse = z.object({ services: z.array(ServiceInfo) });
export type ServicesResponse = z.infer<typeof ServicesResponse>;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** GET /api/v1/red?service= (answers a RedSnapshot from contracts/red.ts). */
export const RedQuery = z.strictObject({
  service: z.preprocess(
    blankToUndefined,
    z.string({ error: 'service must be given once, as text' }).optional(),
  ),
});
export type RedQuery = z.infer<typeof RedQuery>;

export const SAGA_LIST_DEFAULT_LIMIT = 50;
export const SAGA_LIST_MAX_LIMIT = 500;

/** GET /api/v1/sagas?status=&limit= */
export const SagaListQuery = z.strictObject({
  status: z.preprocess(
    blankToUndefined,
    z
      .enum(SagaStatus.options, {
        error: `status must be one of ${SagaStatus.options.join(', ')}`,
      })
      .optional(),
  ),
  limit: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'limit must be a number' })
      .int({ error: 'limit must be a whole number' })
      .min(1, { error: 'limit must be at least 1' })
      .max(SAGA_LIST_MAX_LIMIT, { error: `limit must be at most ${SAGA_LIST_MAX_LIMIT}` })
      .default(SAGA_LIST_DEFAULT_LIMIT),
  ),
});
export type SagaListQuery = z.infer<typeof SagaListQuery>;

/** GET /api/v1/sagas: latest start first. GET /api/v1/sagas/:sagaId answers one SagaTimeline. */
export const SagaListResponse = z.object({ sagas: z.array(SagaTimeline) });
export type SagaListResponse = z.infer<typeof SagaListResponse>;

/** GET /api/v1/breakers: every breaker, sorted by service then name. */
export const BreakersResponse = z.object({ breakers: z.array(BreakerView) });
export type BreakersResponse = z.infer<typeof BreakersResponse>;

/** A saga without its steps, for lists and the live stream. */
export const SagaSummary = SagaTimeline.omit({ steps: true }).extend({
  stepCount: z.number().int().nonnegative(),
  compensationCount: z.number().int().nonnegative(),
});
export type SagaSummary = z.infer<typeof SagaSummary>;

/** The `sagas` stream message: counts per status and the most recently started sagas. */
export const SagasOverview = z.object({
  total: z.number().int().nonnegative(),
  byStatus: z.record(SagaStatus, z.number().int().nonnegative()),
  /** Latest start first, at most SAGAS_OVERVIEW_RECENT. */
  recent: z.array(SagaSummary),
});
export type SagasOverview = z.infer<typeof SagasOverview>;

export const SAGAS_OVERVIEW_RECENT = 20;

import { z } from 'zod';
import { PROJECTION_STATES } from './conventions';

/**
 * CQRS projections, from the `projection.position` / `eventstore.position` gauges (and the
 * optional `projection.lag_ms`) and the projection.* events (see conventions.ts). Positions are
 * the event log's own numbers (exact below 2^53).
 */

export const ProjectionState = z.enum(PROJECTION_STATES);
export type ProjectionState = z.infer<typeof ProjectionState>;

/**
 * Where lagMs comes from: `reported` by the producer (`projection.lag_ms`); `estimated` by the
 * collectors as the time since the store's head reached the projection's position (resolution:
 * the head's reporting interval); null when neither is possible (no head seen).
 */
export const LagMsSource = z.enum(['reported', 'estimated']);
export type LagMsSource = z.infer<typeof LagMsSource>;

export const ProjectionLagSample = z.object({
  timeUnixMs: z.number(),
  position: z.number(),
  /** null while the store's head is unknown. */
  headPosition: z.number().nullable(),
  lagEvents: z.number().nonnegative().nullable(),
  lagMs: z.number().nonnegative().nullable(),
});
export type ProjectionLagSample = z.infer<typeof ProjectionLagSample>;

export const ProjectionView = z.object({
  /** `${service}/${name}` */
  key: z.string(),
  /** The service that reported the projection's position. */
  service: z.string(),
  /** `projection.name` */
  name: z.string(),
  /** The event store read: its `eventstore.name`, else the projection's service. */
  store: z.string(),
  state: ProjectionState,
  /** When the state last changed (null: running since first seen). */
  stateSinceUnixMs: z.number().nullable(),
  position: z.number(),
  headPosition: z.number().nullable(),
  /** head - position (at least 0); null while the head is unknown. */
  lagEvents: z.number().nonnegative().nullable(),
  lagMs: z.number().nonnegative().nullable(),
  lagMsSource: LagMsSource.nullable(),
  /** Events applied per second over the window (null with fewer than two positions in it). */
  throughputPerSecond: z.number().nonnegative().nullable(),
  lastUpdateUnixMs: z.number(),
  /** One sample per position report, oldest first; the oldest dropped beyond the cap. */
  history: z.array(ProjectionLagSample),
});
export type ProjectionView = z.infer<typeof ProjectionView>;

export const EventStoreView = z.object({
  /** `eventstore.name`, else the reporting service. */
  store: z.string(),
  service: z.string(),
  headPosition: z.number(),
  /** Events appended per second over the window (null with fewer than two heads in it). */
  appendRatePerSecond: z.number().nonnegative().nullable(),
  lastUpdateUnixMs: z.number(),
});
export type EventStoreView = z.infer<typeof EventStoreView>;

/** GET /api/v1/cqrs and the `cqrs` stream message. */
export const CqrsSnapshot = z.object({
  /**
   * Time of the latest information applied (null before any): every figure is computed at the
   * data's own times, not at the time of the request, so an unchanged view reads the same.
   */
  updatedAtUnixMs: z.number().nullable(),
  /** Window of the throughput and append rates. */
  windowSeconds: z.number().positive(),
  /** Sorted by service, then name. */
  projections: z.array(ProjectionView),
  /** Sorted by store. */
  stores: z.array(EventStoreView),
});
export type CqrsSnapshot = z.infer<typeof CqrsSnapshot>;

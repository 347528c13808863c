import type { Tracer } from '@opentelemetry/api';
import type { ServiceDb } from '../../../platform/db';
import type { Projection } from './projection';
import type { Signal } from './signal';

/** The projection runner's vocabulary (runner.ts). */
export type ProjectionState = 'running' | 'paused' | 'rebuilding';

export interface ProjectionStatus {
  name: string;
  state: ProjectionState;
  /** The checkpoint: position of the last event applied. */
  position: number;
  /** The event store's head. */
  head: number;
  /** head - position (positions may have gaps from rolled-back appends: an upper bound). */
  lagEvents: number;
  /** Age of the oldest event not applied yet; 0 when caught up. */
  lagMs: number;
  delayMs: number;
}

export interface ProjectionRunnerOptions {
  db: ServiceDb;
  projections: readonly Projection[];
  tracer: Tracer;
  log: (line: string) => void;
  /** Events per batch transaction; default 200. */
  batchSize?: number;
  /** Poll interval when caught up (appends also wake the loops); default 500 ms. */
  pollMs?: number;
  /** How often the cached status (for the gauges) is refreshed; default 1 s. */
  statusEveryMs?: number;
  /** Span events (projection.paused, ...) go through this; default a short span each. */
  onStateEvent?: (event: string, projection: string) => void;
}

export interface Worker {
  projection: Projection;
  position: number;
  paused: boolean;
  rebuildRequested: boolean;
  /** True while the rebuild's reset (truncate + checkpoint 0) runs. */
  resetting: boolean;
  /** Set while rebuilding: the head seen when the rebuild started. */
  rebuildTarget: number | undefined;
  delayMs: number;
  lagMs: number;
  signal: Signal;
  failing: boolean;
  /** The batch being read and applied now, if any: `pause` waits for it. */
  inFlight: Promise<void> | undefined;
}

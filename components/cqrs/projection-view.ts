import { z } from 'zod';
import type { ProjectionState, ProjectionView } from '../../collectors/contracts';
import type { Tone } from '../charts/tones';

export const PROJECTION_STATE_TONES: Record<ProjectionState, Tone> = {
  running: 'healthy',
  paused: 'warn',
  rebuilding: 'accent',
};

export interface LagPoint {
  timeUnixMs: number;
  lagEvents: number | null;
  lagMs: number | null;
}

/** The lag history as chart points (unknown values stay null: the line breaks there). */
export function lagSeries(history: ProjectionView['history']): LagPoint[] {
  return history.map((sample) => ({
    timeUnixMs: sample.timeUnixMs,
    lagEvents: sample.lagEvents,
    lagMs: sample.lagMs,
  }));
}

/** How far the checkpoint is towards the head, 0..100; null while the head is unknown. */
export function checkpointPercent(
  view: Pick<ProjectionView, 'position' | 'headPosition'>,
): number | null {
  if (view.headPosition === null) return null;
  if (view.headPosition <= 0) return 100;
  return Math.min(100, Math.max(0, (view.position / view.headPosition) * 100));
}

/** The time range of a projection's history (a minute back from its last sample when it has one). */
export function historyDomain(history: ProjectionView['history']): [number, number] | null {
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last) return null;
  return [Math.min(first.timeUnixMs, last.timeUnixMs - 60_000), last.timeUnixMs];
}

/**
 * What the dashboard needs from the control plane before it shows pause/resume/rebuild: its
 * GET /topology listing the projections it can steer. The control plane does not offer this
 * yet (a later issue adds it); until it does, no button is shown.
 */
export const ProjectionControlAction = z.enum(['pause', 'resume', 'rebuild']);
export type ProjectionControlAction = z.infer<typeof ProjectionControlAction>;

export const TopologyProjections = z.object({
  projections: z
    .array(
      z.object({
        service: z.string(),
        name: z.string(),
        controls: z.array(ProjectionControlAction),
      }),
    )
    .optional(),
});
export type TopologyProjections = z.infer<typeof TopologyProjections>;

/** Controls by projection key (`${service}/${name}`); empty when the topology lists none. */
export function controlsByProjection(
  topology: TopologyProjections | null,
): ReadonlyMap<string, readonly ProjectionControlAction[]> {
  const byKey = new Map<string, readonly ProjectionControlAction[]>();
  for (const projection of topology?.projections ?? []) {
    if (projection.controls.length > 0)
      byKey.set(`${projection.service}/${projection.name}`, projection.controls);
  }
  return byKey;
}

/** Where a control is sent (through the UI's /api/control proxy). */
export function controlUrl(key: string, action: ProjectionControlAction): string {
  const [service = '', name = ''] = key.split('/');
  return `/api/control/projections/${encodeURIComponent(service)}/${encodeURIComponent(name)}/${action}`;
}

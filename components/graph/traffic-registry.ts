import type { TrafficPlan } from './traffic';
import type { PathPoint } from './traffic-path';

/** What the traffic canvas draws for one edge: its path (sampled, flow coordinates), its plan. */
export interface TrafficLane {
  points: readonly PathPoint[];
  plan: TrafficPlan;
}

/** The edges' lanes, written by the edges when their path or plan changes, read every frame. */
export type TrafficRegistry = Map<string, TrafficLane>;

export interface Dot {
  x: number;
  y: number;
  red: boolean;
}

/**
 * Where the dots of a lane are at `seconds` (any clock): dot i left i/count of a cycle after
 * dot 0; a dot past its travel share is resting (not drawn) until the cycle repeats.
 */
export function dotsAt(lane: TrafficLane, seconds: number, into: Dot[] = []): Dot[] {
  const { plan, points } = lane;
  if (plan.count === 0 || points.length < 2) return into;
  const last = points.length - 1;
  for (let i = 0; i < plan.count; i++) {
    const phase = (((seconds / plan.cycleSeconds + i / plan.count) % 1) + 1) % 1;
    if (phase >= plan.travelFraction) continue;
    const along = (phase / plan.travelFraction) * last;
    const k = Math.min(last - 1, Math.floor(along));
    const f = along - k;
    const a = points[k]!;
    const b = points[k + 1]!;
    into.push({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f, red: plan.red[i] ?? false });
  }
  return into;
}

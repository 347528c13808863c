import type { EdgeRoute, Point } from './layout';

/**
 * SVG path and label position for an edge that dagre routed around the nodes between its ends,
 * or null when a plain bezier does as well (the edge joins neighbouring ranks: dagre's route is
 * then just start, label, end).
 *
 * The route's first and last points are replaced by React Flow's handle positions, and each
 * stretch becomes a cubic curve with horizontal tangents, so the line flows left to right
 * through every bend like React Flow's own bezier edges.
 */
export function routedPath(
  source: Point,
  target: Point,
  route: EdgeRoute | undefined,
): { path: string; labelX: number; labelY: number } | null {
  if (route === undefined || route.points.length <= 3) return null;
  const points = [source, ...route.points.slice(1, -1), target];
  let path = `M ${source.x},${source.y}`;
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!;
    const to = points[i]!;
    const half = (to.x - from.x) / 2;
    path += ` C ${from.x + half},${from.y} ${to.x - half},${to.y} ${to.x},${to.y}`;
  }
  return { path, labelX: route.label.x, labelY: route.label.y };
}

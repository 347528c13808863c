'use client';

import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import type { MetricsFlowEdge } from './flow-types';
import { edgeFigures, type Health, healthOf } from './format';
import { routedPath } from './route';

const STROKE: Record<Health, string> = {
  healthy: 'var(--edge)',
  warning: 'var(--warn)',
  critical: 'var(--critical)',
};

const ERROR_TEXT: Record<Health, string> = {
  healthy: 'text-muted',
  warning: 'text-warn',
  critical: 'text-critical',
};

/** Thicker for busier edges, gently (log scale), so one hot path does not swamp the picture. */
function strokeWidth(perSecond: number): number {
  return 1.5 + Math.min(3, Math.log10(1 + perSecond) * 1.5);
}

/** A call path between two nodes, labelled with its rate, error % and p95 latency. */
function MetricsEdgeView({
  id,
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  markerEnd,
  data,
}: EdgeProps<MetricsFlowEdge>) {
  const [bezier, bezierX, bezierY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  if (!data) return <BaseEdge id={id} path={bezier} markerEnd={markerEnd} />;

  // Edges that skip a rank follow dagre's route around the nodes in between.
  const routed = routedPath({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, data.route);
  const path = routed?.path ?? bezier;
  const labelX = routed?.labelX ?? bezierX;
  const labelY = routed?.labelY ?? bezierY;

  const health = healthOf(data.errorRate);
  const figures = edgeFigures(data);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke: STROKE[health], strokeWidth: strokeWidth(data.requestRatePerSecond) }}
      />
      <EdgeLabelRenderer>
        <div
          data-testid={`edge-label-${source}-${target}`}
          data-health={health}
          className="nodrag nopan pointer-events-auto absolute rounded-md border border-line bg-canvas/90 px-1.5 py-0.5 text-center text-[11px] text-fg leading-tight tabular-nums shadow-sm"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          <div className="whitespace-nowrap">
            <span>{figures.rate}</span>
            <span aria-hidden="true" className="text-muted">
              {' · '}
            </span>
            <span className={ERROR_TEXT[health]}>{figures.errors}</span>
          </div>{' '}
          <div className="whitespace-nowrap text-muted">{figures.p95}</div>
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const MetricsEdge = memo(MetricsEdgeView);

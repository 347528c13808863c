'use client';

import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import type { BreakerState } from '../../collectors/contracts';
import { edgeKey } from './decorations';
import type { EdgeMetric } from './edge-metric';
import type { MetricsFlowEdge } from './flow-types';
import { edgeFigures, type Health, healthOf } from './format';
import { useGraphDecorations } from './GraphDecorations';
import { faultKinds } from './graph-faults';
import { LockIcon } from './node-kinds';
import { routedPath } from './route';
import { useTrafficLane } from './TrafficCanvas';
import { NO_TRAFFIC, trafficPlan } from './traffic';

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

/**
 * A call path between two nodes, labelled with its rate, error % and p95 latency (the chosen one
 * emphasised), the caller's breaker state for it and an mTLS badge when the mesh encrypts it.
 */
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
  const { metric, breakers, mtls: mtlsSet, faults, animateTraffic } = useGraphDecorations();
  const [bezier, bezierX, bezierY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  // Edges that skip a rank follow dagre's route around the nodes in between.
  const routed = data
    ? routedPath({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, data.route)
    : null;
  const path = routed?.path ?? bezier;
  const plan = data ? trafficPlan(data.requestRatePerSecond, data.errorRate) : NO_TRAFFIC;
  useTrafficLane(id, path, plan, animateTraffic);
  if (!data) return <BaseEdge id={id} path={bezier} markerEnd={markerEnd} />;

  const labelX = routed?.labelX ?? bezierX;
  const labelY = routed?.labelY ?? bezierY;

  const health = healthOf(data.errorRate);
  const figures = edgeFigures(data);
  // The chosen figure leads; the others stay, smaller, so every label still reads in full.
  const emphasis = (which: EdgeMetric) =>
    which === metric ? 'font-semibold text-[12px]' : 'text-[10px] opacity-80';
  const key = edgeKey(source, target);
  const breaker = breakers.get(key);
  const mtls = mtlsSet.has(key);
  const edgeFaults = faults.edges.get(key);
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
          data-metric={metric}
          className="nodrag nopan pointer-events-auto absolute z-[1] flex flex-col items-center gap-0.5 rounded-md border border-line bg-canvas/90 px-1.5 py-0.5 text-center text-[11px] text-fg leading-tight tabular-nums shadow-sm"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          <div className="flex items-baseline gap-1 whitespace-nowrap">
            <span className={emphasis('rate')}>{figures.rate}</span>
            <span aria-hidden="true" className="text-muted">
              ·
            </span>
            <span className={`${ERROR_TEXT[health]} ${emphasis('errors')}`}>{figures.errors}</span>
            <span aria-hidden="true" className="text-muted">
              ·
            </span>
            <span className={`${metric === 'p95' ? '' : 'text-muted'} ${emphasis('p95')}`}>
              {figures.p95}
            </span>
          </div>
          {(breaker !== undefined || mtls || edgeFaults !== undefined) && (
            <div className="flex items-center gap-1 whitespace-nowrap text-[10px]">
              {edgeFaults !== undefined && (
                <span
                  data-testid={`edge-fault-${source}-${target}`}
                  title={`Active fault on this call path: ${faultKinds(edgeFaults)}`}
                  className="rounded border border-critical bg-critical/15 px-1 font-semibold text-critical uppercase tracking-wide"
                >
                  ⚡ {faultKinds(edgeFaults)}
                </span>
              )}
              {breaker !== undefined && (
                <BreakerBadge source={source} target={target} state={breaker} />
              )}
              {mtls && (
                <span
                  data-testid={`edge-mtls-${source}-${target}`}
                  title="Reached over mutual TLS through the mesh"
                  className="flex items-center gap-0.5 rounded border border-line px-1 text-muted"
                >
                  <LockIcon />
                  mTLS
                </span>
              )}
            </div>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const BREAKER_STYLES: Record<BreakerState, { word: string; className: string }> = {
  closed: { word: 'closed', className: 'border-transparent text-muted opacity-70' },
  half_open: {
    word: 'half-open',
    className: 'border-warn bg-warn/15 text-warn font-semibold uppercase tracking-wide',
  },
  open: {
    word: 'open',
    className: 'border-critical bg-critical/15 text-critical font-semibold uppercase tracking-wide',
  },
};

/** The state of the breaker the caller keeps for this upstream, in words and colour. */
function BreakerBadge({
  source,
  target,
  state,
}: {
  source: string;
  target: string;
  state: BreakerState;
}) {
  const style = BREAKER_STYLES[state];
  return (
    <span
      data-testid={`edge-breaker-${source}-${target}`}
      data-state={state}
      title={`${source}'s circuit breaker for ${target}: ${style.word}`}
      className={`rounded border px-1 ${style.className}`}
    >
      breaker {style.word}
    </span>
  );
}

export const MetricsEdge = memo(MetricsEdgeView);

'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { apiRoutes, GraphSnapshot } from '../../collectors/contracts';
import { fetchApi } from '../charts/api-fetch';
import { layoutMiniGraph, NODE_HEIGHT, NODE_WIDTH } from './model/mini-layout';
import type { Highlight } from './model/types';

const REFRESH_MS = 3_000;

/** The live service graph, compact, with the step's nodes and edges lit up. */
export function MiniGraph({ highlight }: { highlight: Highlight }) {
  const [graph, setGraph] = useState<GraphSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const load = async () => {
      const result = await fetchApi(apiRoutes.graph, GraphSnapshot, { signal: controller.signal });
      if (controller.signal.aborted) return;
      setLoaded(true);
      if (result.ok) {
        setGraph(result.data);
        setError(null);
      } else setError(result.message);
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, []);

  const layout = useMemo(() => layoutMiniGraph(graph, highlight), [graph, highlight]);
  const lit = [...highlight.nodes, ...highlight.edges];

  return (
    <section
      aria-label="Live graph"
      data-testid="walkthrough-graph"
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface p-3"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-medium text-sm">Live graph</h2>
        <Link
          href="/"
          className="rounded text-accent text-xs hover:underline focus-visible:outline-2 focus-visible:outline-accent"
        >
          Open the full graph
        </Link>
      </div>
      {!loaded ? (
        <p role="status" className="text-muted text-xs">
          Loading the graph…
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-critical text-xs">
          The graph is unavailable: {error}
        </p>
      ) : null}
      {loaded && graph && graph.nodes.length === 0 ? (
        <p className="text-muted text-xs">No traffic seen yet; the graph fills within seconds.</p>
      ) : null}
      <svg
        role="img"
        aria-label={`Service graph; highlighted: ${lit.join(', ') || 'nothing'}`}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        className="h-auto w-full"
      >
        <defs>
          <marker
            id="mini-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="8"
            markerHeight="8"
            markerUnits="userSpaceOnUse"
            orient="auto"
          >
            <path d="M0 0L8 4L0 8z" className="fill-muted" />
          </marker>
          <marker
            id="mini-arrow-lit"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="8"
            markerHeight="8"
            markerUnits="userSpaceOnUse"
            orient="auto"
          >
            <path d="M0 0L8 4L0 8z" className="fill-accent" />
          </marker>
        </defs>
        {layout.edges.map((edge) => {
          const d = `M${edge.from.x} ${edge.from.y}L${edge.to.x} ${edge.to.y}`;
          const tone =
            edge.errorRate >= 0.05
              ? 'stroke-critical'
              : edge.highlighted
                ? 'stroke-accent'
                : 'stroke-line';
          return (
            <path
              key={edge.id}
              d={d}
              data-edge={edge.id}
              data-highlighted={edge.highlighted ? 'true' : undefined}
              fill="none"
              className={tone}
              strokeWidth={edge.highlighted ? 3 : 1.25}
              strokeDasharray={edge.messaging || !edge.live ? '5 4' : undefined}
              opacity={edge.highlighted ? 1 : 0.7}
              markerEnd={edge.highlighted ? 'url(#mini-arrow-lit)' : 'url(#mini-arrow)'}
            />
          );
        })}
        {layout.nodes.map((node) => (
          <g
            key={node.id}
            data-node={node.id}
            data-highlighted={node.highlighted ? 'true' : undefined}
            transform={`translate(${node.x - NODE_WIDTH / 2} ${node.y - NODE_HEIGHT / 2})`}
            opacity={node.highlighted || highlight.nodes.length === 0 ? 1 : 0.55}
          >
            <rect
              width={NODE_WIDTH}
              height={NODE_HEIGHT}
              rx={node.kind === 'topic' ? 3 : node.kind === 'user' ? 17 : 8}
              className={`${node.highlighted ? 'fill-raised stroke-accent' : 'fill-surface stroke-line'} ${
                node.errorRate >= 0.05 ? 'stroke-critical' : ''
              }`}
              strokeWidth={node.highlighted ? 2.5 : 1}
              strokeDasharray={node.kind === 'topic' || !node.live ? '4 3' : undefined}
            />
            <text
              x={NODE_WIDTH / 2}
              y={NODE_HEIGHT / 2}
              dominantBaseline="central"
              textAnchor="middle"
              className={`${node.highlighted ? 'fill-fg font-semibold' : 'fill-muted'} text-[10px]`}
            >
              {node.label.length > 16 ? `${node.label.slice(0, 15)}…` : node.label}
            </text>
          </g>
        ))}
      </svg>
      <p className="text-muted text-xs">
        <span className="mr-1 inline-block h-0.5 w-4 bg-accent align-middle" aria-hidden="true" />
        this step · red: errors over 5 % · dashed: topics and the bus
      </p>
    </section>
  );
}

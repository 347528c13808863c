'use client';

import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '../../collectors/contracts';
import { displayKind } from './decorations';
import type { ServiceFlowNode } from './flow-types';
import { formatPercent, formatRate, type Health, healthOf } from './format';
import { useGraphDecorations } from './GraphDecorations';
import { faultKinds } from './graph-faults';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';
import { NODE_KIND_STYLES, NodeKindIcon } from './node-kinds';

/** Kinds that report no spans of their own: they appear because something called them. */
const VIRTUAL_CAPTIONS: Partial<Record<NodeKind, string>> = {
  user: 'callers from outside',
  database: 'database, seen from its clients',
  topic: 'topic, seen from producers',
  external: 'not instrumented',
};

const HEALTH_STYLES: Record<Health, { ring: string; text: string; dot: string; word: string }> = {
  healthy: { ring: 'border-healthy/70', text: 'text-healthy', dot: 'bg-healthy', word: 'healthy' },
  warning: { ring: 'border-warn', text: 'text-warn', dot: 'bg-warn', word: 'degraded' },
  critical: { ring: 'border-critical', text: 'text-critical', dot: 'bg-critical', word: 'failing' },
};

/** One service (or virtual peer) in the graph: name, kind, req/s, error %, coloured by health. */
function ServiceNodeView({ id, data, selected }: NodeProps<ServiceFlowNode>) {
  const { roles, faults } = useGraphDecorations();
  const nodeFaults = faults.nodes.get(id);
  const kind = displayKind(id, data.kind, roles);
  const kindStyle = NODE_KIND_STYLES[kind];
  const caption = VIRTUAL_CAPTIONS[data.kind];
  const virtual = caption !== undefined;
  const silent = virtual && data.requestRatePerSecond === 0 && data.errorRate === 0;
  const health = healthOf(data.errorRate);
  const style = HEALTH_STYLES[health];

  return (
    <div
      data-testid={`service-node-${id}`}
      data-health={silent ? 'none' : health}
      data-kind={kind}
      style={{ width: NODE_WIDTH, minHeight: NODE_HEIGHT }}
      className={[
        'flex flex-col gap-1 border-2 bg-surface px-3 py-2 text-fg shadow-sm',
        kindStyle.shape,
        silent ? 'border-line' : style.ring,
        selected ? 'outline-2 outline-offset-2 outline-accent' : '',
      ].join(' ')}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="opacity-0" />
      <span className="flex items-center gap-1.5 font-semibold text-sm">
        <NodeKindIcon kind={kind} className="text-muted" />
        <span className="truncate" title={data.label}>
          {data.label}
        </span>
      </span>
      {silent ? (
        <span className="text-muted text-xs">{caption}</span>
      ) : (
        <div className="flex items-baseline justify-between gap-2 text-xs tabular-nums">
          <span>
            <span className="font-medium text-sm">{formatRate(data.requestRatePerSecond)}</span>{' '}
            <span className="text-muted">req/s</span>
          </span>
          <span>
            <span className={`font-medium text-sm ${style.text}`}>
              {formatPercent(data.errorRate)}
            </span>{' '}
            <span className="text-muted">errors</span>
          </span>
        </div>
      )}
      <div className="flex items-center justify-between gap-2 text-[10px] uppercase tracking-wide">
        {silent ? (
          <span />
        ) : (
          <span className={`flex items-center gap-1 ${style.text}`}>
            <span aria-hidden="true" className={`size-1.5 rounded-full ${style.dot}`} />
            {style.word}
          </span>
        )}
        <span className="flex items-center gap-1">
          {nodeFaults !== undefined && (
            <span
              data-testid={`node-fault-${id}`}
              title={`Active fault: ${faultKinds(nodeFaults)}`}
              className="max-w-24 truncate rounded border border-critical bg-critical/15 px-1 py-0.5 font-semibold text-critical"
            >
              ⚡ {faultKinds(nodeFaults)}
            </span>
          )}
          <span className="rounded bg-raised px-1.5 py-0.5 text-muted">{kindStyle.word}</span>
        </span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="opacity-0" />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);

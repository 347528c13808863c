'use client';

import { useEffect, useRef } from 'react';
import type { GraphSnapshot } from '../../../collectors/contracts';
import { useRedHistory } from '../../live/LiveStreamProvider';
import { formatMs, formatPercent, formatRate } from '../format';
import type { GraphSelection, SelectionFocus } from '../selection';
import { OperationsTable } from './OperationsTable';
import { PanelSection } from './PanelSection';
import { RecentLogs } from './RecentLogs';
import { RecentTraces } from './RecentTraces';
import { RedCharts } from './RedCharts';

/**
 * The side panel for one node or edge: its figures now, RED over time, per-operation figures,
 * recent traces and logs. Focus moves to it when it opens; Esc or the close button closes it
 * (the caller returns focus to where it came from).
 */
export function GraphSidePanel({
  selection,
  focus,
  snapshot,
  onClose,
}: {
  selection: GraphSelection;
  focus: SelectionFocus;
  snapshot: GraphSnapshot;
  onClose: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const selectionKey = `${selection.kind}:${selection.id}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves on every new selection
  useEffect(() => {
    headingRef.current?.focus();
  }, [selectionKey]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  const headingId = 'graph-side-panel-heading';
  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      data-testid="graph-side-panel"
      data-selection={selectionKey}
      className="absolute inset-y-0 right-0 z-10 flex w-[min(24rem,100%)] flex-col overflow-y-auto border-line border-l bg-surface shadow-xl"
    >
      <header className="sticky top-0 z-10 flex items-start justify-between gap-2 bg-surface px-4 pt-3 pb-2">
        <div className="min-w-0">
          <p className="text-muted text-xs uppercase tracking-wide">
            {selection.kind === 'edge' ? 'call path' : 'node'}
          </p>
          <h2
            id={headingId}
            ref={headingRef}
            tabIndex={-1}
            className="truncate font-semibold text-base outline-none focus-visible:outline-2 focus-visible:outline-accent"
            title={focus.title}
          >
            {focus.title}
          </h2>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close details panel"
          title="Close (Esc)"
          className="rounded-md border border-line px-2 py-0.5 text-muted text-sm hover:border-accent hover:text-fg focus-visible:outline-2 focus-visible:outline-accent"
        >
          ✕
        </button>
      </header>
      <CurrentFigures selection={selection} snapshot={snapshot} />
      <PanelSection title="RED over time" testId="panel-red">
        <RedCharts key={selectionKey} historyKeys={focus.historyKeys} />
      </PanelSection>
      {focus.service !== undefined && <OperationsTable service={focus.service} />}
      <RecentTraces service={focus.service} alsoThrough={focus.alsoThrough} />
      <RecentLogs service={focus.service} />
    </aside>
  );
}

function CurrentFigures({
  selection,
  snapshot,
}: {
  selection: GraphSelection;
  snapshot: GraphSnapshot;
}) {
  // A node's own figures carry no latency: its service's RED does.
  const serviceSamples = useRedHistory(
    selection.kind === 'node' ? `service:${selection.id}` : null,
  );
  const figures =
    selection.kind === 'edge'
      ? snapshot.edges.find((edge) => edge.id === selection.id)
      : snapshot.nodes.find((node) => node.id === selection.id);
  if (figures === undefined) {
    return (
      <p className="px-4 pb-3 text-muted text-xs">
        Not in the latest snapshot: no traffic in the last {snapshot.windowSeconds} s.
      </p>
    );
  }
  const p95 =
    'latencyMs' in figures ? figures.latencyMs.p95 : (serviceSamples.at(-1)?.p95Ms ?? null);
  return (
    <dl className="grid grid-cols-3 gap-2 px-4 pb-3 text-xs">
      <Figure label="req/s" value={formatRate(figures.requestRatePerSecond)} />
      <Figure label="errors" value={formatPercent(figures.errorRate)} />
      <Figure label="p95" value={p95 === null ? '–' : formatMs(p95)} />
    </dl>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md bg-raised px-2 py-1">
      <dt className="text-muted">{label}</dt>
      <dd className="font-semibold text-sm tabular-nums">{value}</dd>
    </div>
  );
}

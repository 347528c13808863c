'use client';

import { useState } from 'react';
import { formatClock } from '../charts/format';
import { Code, EmptyState, ErrorState, LoadingState } from '../charts/StatePanels';
import { useNow } from '../live/use-now';
import { ActiveFaultsTable } from './ActiveFaultsTable';
import { revertFault, stopAllFaults } from './control-api';
import { ExperimentsPanel } from './ExperimentsPanel';
import { InjectFaultForm } from './InjectFaultForm';
import { useControlFaults } from './use-control-faults';

/**
 * Fault injection, through the control plane: the faults injected now (countdown to their
 * TTL, a revert button each, "Stop all faults"), a form per fault kind, and what ended lately.
 */
export function FaultControlPanel() {
  const { state, refresh } = useControlFaults();
  const now = useNow(1_000);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  if (state.status === 'loading') return <LoadingState label="Loading the fault catalog…" />;
  if (state.status === 'error') {
    return (
      <ErrorState
        title="The control plane is not reachable"
        message={`${state.message}. Fault injection needs the demo-system running (npm start).`}
      />
    );
  }
  const { catalog, active, history } = state.data;

  const act = async (id: string, work: () => Promise<string | null>) => {
    setPendingId(id);
    setProblem(null);
    try {
      const failed = await work();
      if (failed) setProblem(failed);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPendingId(null);
      refresh();
    }
  };

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="injected-faults" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="injected-faults" className="font-semibold text-lg">
            Injected now <span className="text-muted text-sm">({active.length})</span>
          </h2>
          <button
            type="button"
            disabled={active.length === 0 || pendingId !== null}
            onClick={() => void act('*', stopAllFaults)}
            className="rounded-md border border-critical/60 bg-raised px-3 py-1 font-medium text-sm hover:border-critical disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-accent"
          >
            {pendingId === '*' ? 'Stopping…' : 'Stop all faults'}
          </button>
        </div>
        {problem ? (
          <p role="alert" className="text-critical text-sm">
            {problem}
          </p>
        ) : null}
        {active.length === 0 ? (
          <EmptyState title="No fault injected">
            Pick a kind below. Each fault reverts itself after its time to live; its start and end
            are sent as <Code>fault.started</Code> / <Code>fault.ended</Code>, so every chart marks
            it.
          </EmptyState>
        ) : (
          <ActiveFaultsTable
            faults={active}
            nowUnixMs={now}
            pendingId={pendingId}
            onRevert={(id) => void act(id, () => revertFault(id))}
          />
        )}
      </section>
      <section aria-labelledby="fault-catalog" className="flex flex-col gap-2">
        <h2 id="fault-catalog" className="font-semibold text-lg">
          Inject a fault
        </h2>
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
          {catalog.map((entry) => (
            <InjectFaultForm key={entry.kind} entry={entry} onInjected={refresh} />
          ))}
        </div>
      </section>
      <ExperimentsPanel />
      {history.length > 0 ? (
        <section aria-labelledby="injected-history" className="flex flex-col gap-2">
          <h2 id="injected-history" className="font-semibold text-lg">
            Ended lately <span className="text-muted text-sm">({history.length})</span>
          </h2>
          <ul className="flex flex-col gap-1 text-sm" aria-label="Ended injected faults">
            {history.slice(0, 10).map((fault) => (
              <li key={fault.id} data-testid="ended-fault" className="text-muted">
                <span className="font-medium text-fg">{fault.kind}</span> on {fault.target} ·{' '}
                {formatClock(Date.parse(fault.startedAt))}–
                {fault.endedAt ? formatClock(Date.parse(fault.endedAt)) : '?'} · {fault.endReason}
                {fault.error ? <span className="text-critical"> · {fault.error}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

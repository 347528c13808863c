'use client';

import { allFaultWindows } from '../charts/fault-windows';
import { Code, EmptyState, ErrorState, LoadingState } from '../charts/StatePanels';
import { useFaults } from '../charts/use-faults';
import { useNow } from '../live/use-now';
import { FaultStrip } from './FaultStrip';
import { FaultTable } from './FaultTable';

/** Active faults, the recent fault windows on a time axis, and the history of ended faults. */
export function FaultsView() {
  const faults = useFaults();
  const now = useNow(1000);
  if (faults.status === 'loading') return <LoadingState label="Loading faults…" />;
  if (faults.status === 'error')
    return <ErrorState title="Could not load faults" message={faults.message} />;
  const { active, history } = faults.data;
  if (active.length === 0 && history.length === 0) {
    return (
      <EmptyState title="No faults seen yet">
        Faults show up from the events <Code>fault.started</Code> and <Code>fault.ended</Code> with{' '}
        <Code>fault.id</Code>, <Code>fault.kind</Code> and <Code>fault.target</Code>; inject one
        above.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="active-faults" className="flex flex-col gap-2">
        <h2 id="active-faults" className="font-semibold text-lg">
          Active <span className="text-muted text-sm">({active.length})</span>
        </h2>
        {active.length === 0 ? (
          <p className="text-muted text-sm">No fault is active.</p>
        ) : (
          <>
            <FaultTable faults={active} nowUnixMs={now} label="Active faults" />
            <p className="text-muted text-xs">
              Remaining time is not known: <Code>fault.started</Code> carries no planned duration.
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="fault-windows" className="flex flex-col gap-2">
        <h2 id="fault-windows" className="font-semibold text-lg">
          Fault windows
        </h2>
        <FaultStrip windows={allFaultWindows(faults.data)} nowUnixMs={now} />
      </section>
      <section aria-labelledby="fault-history" className="flex flex-col gap-2">
        <h2 id="fault-history" className="font-semibold text-lg">
          History <span className="text-muted text-sm">({history.length})</span>
        </h2>
        {history.length === 0 ? (
          <p className="text-muted text-sm">No fault has ended yet.</p>
        ) : (
          <FaultTable faults={history} nowUnixMs={now} label="Ended faults" />
        )}
      </section>
    </div>
  );
}

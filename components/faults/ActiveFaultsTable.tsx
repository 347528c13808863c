'use client';

import { TableHeaderRow } from '../charts/TableHeaderRow';
import { type ControlFault, formatCountdown, remainingSeconds } from './control-api';

/** Active faults with a live countdown to their TTL and a revert button each. */
export function ActiveFaultsTable({
  faults,
  nowUnixMs,
  pendingId,
  onRevert,
}: {
  faults: readonly ControlFault[];
  nowUnixMs: number;
  pendingId: string | null;
  onRevert: (id: string) => void;
}) {
  return (
    <div className="overflow-auto rounded-lg border border-line bg-surface">
      <table className="w-full text-left text-sm" aria-label="Injected faults">
        <thead className="border-line border-b text-muted text-xs uppercase tracking-wide">
          <TableHeaderRow
            columns={[
              { label: 'Fault' },
              { label: 'Target' },
              { label: 'Params' },
              { label: 'Reverts in', numeric: true },
              { label: 'Actions', hidden: true },
            ]}
          />
        </thead>
        <tbody>
          {faults.map((fault) => (
            <tr
              key={fault.id}
              data-testid="injected-fault"
              className="border-line border-b last:border-0"
            >
              <td className="px-3 py-1.5">
                <span className="font-medium">{fault.kind}</span>
                <div className="font-mono text-muted text-xs">{fault.id}</div>
              </td>
              <td className="px-3 py-1.5">{fault.target}</td>
              <td className="px-3 py-1.5 font-mono text-muted text-xs">
                {Object.entries(fault.params)
                  .map(([k, v]) => `${k}=${String(v)}`)
                  .join(' ')}
              </td>
              <td
                className="px-3 py-1.5 text-right tabular-nums"
                data-testid="countdown"
                suppressHydrationWarning
              >
                {formatCountdown(remainingSeconds(fault, nowUnixMs))}
              </td>
              <td className="px-3 py-1.5 text-right">
                <button
                  type="button"
                  disabled={pendingId !== null}
                  onClick={() => onRevert(fault.id)}
                  aria-label={`Revert ${fault.kind} on ${fault.target}`}
                  className="rounded-md border border-line bg-raised px-2 py-0.5 text-xs hover:border-accent disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-accent"
                >
                  {pendingId === fault.id ? 'Reverting…' : 'Revert'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

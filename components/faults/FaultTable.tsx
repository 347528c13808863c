import Link from 'next/link';
import type { FaultWindow } from '../../collectors/contracts';
import { faultKey } from '../charts/fault-windows';
import { formatClock, formatDuration } from '../charts/format';
import { TableHeaderRow } from '../charts/TableHeaderRow';
import { faultDurationMs, faultTracesHref } from './fault-list';

/** Active or ended faults: kind, target, who reported it, when, how long, traces around it. */
export function FaultTable({
  faults,
  nowUnixMs,
  label,
}: {
  faults: readonly FaultWindow[];
  nowUnixMs: number;
  label: string;
}) {
  return (
    <div className="max-h-[28rem] overflow-auto rounded-lg border border-line bg-surface">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="sticky top-0 border-line border-b bg-surface text-muted text-xs uppercase tracking-wide">
          <TableHeaderRow
            columns={[
              { label: 'Fault' },
              { label: 'Target' },
              { label: 'Reported by' },
              { label: 'Started' },
              { label: 'Ended' },
              { label: 'Duration', numeric: true },
              { label: 'Traces', hidden: true },
            ]}
          />
        </thead>
        <tbody>
          {faults.map((fault) => {
            const duration = faultDurationMs(fault, nowUnixMs);
            const href = faultTracesHref(fault, nowUnixMs);
            return (
              <tr
                key={faultKey(fault)}
                data-testid="fault-row"
                className="border-line border-b last:border-0"
              >
                <td className="px-3 py-1.5">
                  <span className="font-medium">{fault.kind}</span>
                  <div className="font-mono text-muted text-xs">{fault.id}</div>
                </td>
                <td className="px-3 py-1.5">{fault.target || '–'}</td>
                <td className="px-3 py-1.5 text-muted">{fault.service}</td>
                <td className="px-3 py-1.5 tabular-nums">
                  {fault.startedAtUnixMs === null
                    ? 'before the collectors started'
                    : formatClock(fault.startedAtUnixMs)}
                </td>
                <td className="px-3 py-1.5 tabular-nums">
                  {fault.endedAtUnixMs === null ? (
                    <span className="font-medium text-critical">active</span>
                  ) : (
                    formatClock(fault.endedAtUnixMs)
                  )}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums" suppressHydrationWarning>
                  {duration === null
                    ? '–'
                    : `${formatDuration(duration)}${fault.endedAtUnixMs === null ? ' so far' : ''}`}
                </td>
                <td className="px-3 py-1.5 text-right">
                  {href ? (
                    <Link href={href} className="text-accent text-xs hover:underline">
                      traces
                    </Link>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

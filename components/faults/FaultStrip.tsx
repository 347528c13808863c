import type { FaultWindow } from '../../collectors/contracts';
import { faultBands } from '../charts/fault-windows';
import { formatClock } from '../charts/format';
import { groupByLabel, stripDomain } from './fault-list';

/** The fault windows of the last minutes on one time axis, one row per kind of fault. */
export function FaultStrip({
  windows,
  nowUnixMs,
}: {
  windows: readonly FaultWindow[];
  nowUnixMs: number;
}) {
  const [from, to] = stripDomain(windows, nowUnixMs);
  const rows = groupByLabel(faultBands(windows, from, to));
  const pct = (t: number) => ((t - from) / (to - from)) * 100;
  return (
    <figure
      aria-label="Fault windows over time"
      className="rounded-lg border border-line bg-surface p-3"
    >
      <div className="flex justify-between text-muted text-xs tabular-nums">
        <span>{formatClock(from)}</span>
        <span>now</span>
      </div>
      <ol className="mt-1 flex flex-col gap-1" data-testid="fault-strip">
        {rows.length === 0 ? (
          <li className="text-muted text-xs">No fault windows in this range.</li>
        ) : (
          rows.map((row) => (
            <li key={row.label} className="flex flex-col gap-0.5">
              <span className="font-medium text-xs">
                {row.label} · {row.bands.length} window{row.bands.length === 1 ? '' : 's'}
                {row.bands.some((band) => band.active) ? ' · active now' : ''}
              </span>
              <span className="relative h-3 rounded bg-raised/60">
                {row.bands.map((band) => (
                  <span
                    key={band.id}
                    title={`${band.label}: ${formatClock(band.fromUnixMs)} – ${band.active ? 'now' : formatClock(band.toUnixMs)}`}
                    className="absolute inset-y-0 rounded-sm border border-critical/70 bg-critical/30"
                    style={{
                      left: `${pct(band.fromUnixMs)}%`,
                      width: `${Math.max(pct(band.toUnixMs) - pct(band.fromUnixMs), 0.4)}%`,
                    }}
                  />
                ))}
              </span>
            </li>
          ))
        )}
      </ol>
    </figure>
  );
}

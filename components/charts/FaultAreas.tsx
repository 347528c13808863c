import { ReferenceArea } from 'recharts';
import { type FaultBand, legendEntries } from './fault-windows';

/**
 * Fault windows as shaded bands on a Recharts chart whose x axis is Unix ms. Call it as a
 * function inside the chart (`{faultAreas(bands)}`): Recharts reads its children's types.
 */
export function faultAreas(bands: readonly FaultBand[], yAxisId?: string) {
  // Labels inside the chart only while they cannot pile up; the legend names every window.
  const labelled = bands.length <= 2;
  return bands.map((band) => (
    <ReferenceArea
      key={band.id}
      x1={band.fromUnixMs}
      x2={band.toUnixMs}
      yAxisId={yAxisId}
      fill="var(--critical)"
      fillOpacity={0.12}
      stroke="var(--critical)"
      strokeOpacity={0.35}
      strokeDasharray="3 3"
      ifOverflow="hidden"
      label={
        labelled
          ? {
              value: `fault: ${band.label}`,
              position: 'insideTopLeft',
              fontSize: 10,
              fill: 'var(--critical)',
            }
          : undefined
      }
    />
  ));
}

/** The legend line under a chart that has fault bands ("not colour alone"). */
export function FaultLegend({ bands }: { bands: readonly FaultBand[] }) {
  if (bands.length === 0) return null;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-muted text-xs">
      <span className="inline-flex items-center gap-1">
        <span
          aria-hidden="true"
          className="inline-block h-2.5 w-4 border border-critical border-dashed bg-critical/15"
        />
        fault window
      </span>
      {legendEntries(bands).map((entry) => (
        <span key={entry.label}>
          {entry.label}
          {entry.count > 1 ? ` ×${entry.count}` : ''}
          {entry.active ? ' (active)' : ''}
        </span>
      ))}
    </p>
  );
}

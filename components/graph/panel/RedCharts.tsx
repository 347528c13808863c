'use client';

import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FaultLegend, faultAreas } from '../../charts/FaultAreas';
import { allFaultWindows, faultBands } from '../../charts/fault-windows';
import { formatClock } from '../../charts/format';
import { useFaults } from '../../charts/use-faults';
import type { HistoryKey } from '../../live/history';
import { useRedHistory } from '../../live/LiveStreamProvider';
import { formatMs, formatPercent, formatRate } from '../format';
import { SectionState } from './PanelSection';
import { firstWithSamples, type RedPoint, redPoints, spanLabel } from './red-chart-data';
import { useServerRedHistory } from './use-server-red-history';

type Series = {
  key: 'rate' | 'errors' | 'p95';
  title: string;
  color: string;
  format: (v: number) => string;
};

const SERIES: readonly Series[] = [
  { key: 'rate', title: 'Rate (req/s)', color: 'var(--accent)', format: formatRate },
  {
    key: 'errors',
    title: 'Errors (%)',
    color: 'var(--critical)',
    format: (v) => formatPercent(v / 100),
  },
  { key: 'p95', title: 'Duration p95', color: 'var(--warn)', format: formatMs },
];

/**
 * Rate, errors and duration over time for the selection, with fault windows shaded: the
 * collectors' recent history (loaded once per selection) followed by what the live stream
 * delivered since the page opened.
 */
export function RedCharts({ historyKeys }: { historyKeys: readonly HistoryKey[] }) {
  const serverHistory = useServerRedHistory(historyKeys);
  // Hooks in a fixed order: at most two keys are ever offered.
  const first = useRedHistory(historyKeys[0] ?? null);
  const second = useRedHistory(historyKeys[1] ?? null);
  const samples = firstWithSamples([first, second]);
  const faults = useFaults();
  const historyNote = serverHistory === 'error' && (
    <p className="text-muted text-xs">
      Earlier minutes unavailable: showing what the live stream sent since the page opened.
    </p>
  );
  if (samples.length < 2) {
    return (
      <div className="flex flex-col gap-2">
        <SectionState tone="loading">
          {serverHistory === 'loading'
            ? 'Loading the last minutes…'
            : 'Collecting samples: the charts fill in every second from the live stream.'}
        </SectionState>
        {historyNote}
      </div>
    );
  }
  const points = redPoints(samples);
  const domain: [number, number] = [points[0]!.t, points.at(-1)!.t];
  const bands = faultBands(
    allFaultWindows(faults.status === 'ok' ? faults.data : null),
    domain[0],
    domain[1],
  );
  const hasLatency = points.some((point) => point.p95 !== null);
  return (
    <div data-testid="red-charts" data-from-unix-ms={domain[0]} className="flex flex-col gap-2">
      {SERIES.filter((series) => series.key !== 'p95' || hasLatency).map((series) => (
        <MiniChart key={series.key} series={series} points={points} domain={domain} bands={bands} />
      ))}
      {!hasLatency && (
        <p className="text-muted text-xs">
          No duration for this node: it reports no spans of its own.
        </p>
      )}
      <FaultLegend bands={bands} />
      {historyNote}
    </div>
  );
}

function MiniChart({
  series,
  points,
  domain,
  bands,
}: {
  series: Series;
  points: RedPoint[];
  domain: [number, number];
  bands: ReturnType<typeof faultBands>;
}) {
  const latest = points.at(-1)?.[series.key];
  return (
    <figure className="flex flex-col gap-0.5">
      <figcaption className="flex items-baseline justify-between text-xs">
        <span className="text-muted">{series.title}</span>
        <span className="font-medium tabular-nums">
          {latest === null || latest === undefined ? '–' : series.format(latest)}
        </span>
      </figcaption>
      <div
        className="h-16"
        role="img"
        aria-label={`${series.title} over the last ${spanLabel(domain[1] - domain[0])}`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={points} margin={{ top: 2, right: 4, bottom: 0, left: 0 }}>
            <XAxis
              dataKey="t"
              type="number"
              domain={domain}
              tickFormatter={formatClock}
              tick={{ fontSize: 9, fill: 'var(--muted)' }}
              stroke="var(--line)"
              tickCount={3}
              height={14}
            />
            <YAxis
              width={52}
              tick={{ fontSize: 9, fill: 'var(--muted)' }}
              stroke="var(--line)"
              tickFormatter={(v: number) => series.format(v)}
              tickCount={3}
              domain={[0, 'auto']}
            />
            {faultAreas(bands)}
            <Tooltip
              labelFormatter={(t) => formatClock(Number(t))}
              formatter={(value) => [series.format(Number(value)), series.title]}
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--line)',
                fontSize: 11,
              }}
            />
            <Area
              type="monotone"
              dataKey={series.key}
              stroke={series.color}
              fill={series.color}
              fillOpacity={0.15}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

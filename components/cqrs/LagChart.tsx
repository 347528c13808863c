'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ProjectionView } from '../../collectors/contracts';
import { faultAreas } from '../charts/FaultAreas';
import type { FaultBand } from '../charts/fault-windows';
import { formatClock, formatCount, formatDuration, formatDurationAxis } from '../charts/format';
import { tracesAroundHref } from '../traces/around-link';
import { lagSpikes } from './lag-spikes';
import { lagSeries } from './projection-view';

const AXIS_TICK = { fontSize: 10, fill: 'var(--muted)' };

/** Spikes link to the traces from the start of the rise to the peak, 5 s either side. */
const SPIKE_PADDING_MS = 5_000;

/**
 * Lag over time in events (left axis, solid) and in milliseconds (right axis, dashed). A click
 * on the chart opens the traces around that moment; the spikes below it are links to the
 * traces around each one (the keyboard's way in).
 */
export function LagChart({
  projection,
  domain,
  bands,
}: {
  projection: ProjectionView;
  domain: [number, number];
  bands: readonly FaultBand[];
}) {
  const data = lagSeries(projection.history);
  const router = useRouter();
  const spikes = lagSpikes(projection.history);
  return (
    <>
      <div
        className="h-44 cursor-pointer"
        data-testid="lag-chart"
        role="img"
        aria-label={`Lag of ${projection.name} over time, in events and milliseconds`}
        title="Click a moment to see the traces around it"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
            onClick={(state) => {
              const at = Number(state?.activeLabel);
              if (Number.isFinite(at) && at > 0) {
                router.push(
                  tracesAroundHref({
                    service: projection.service,
                    atUnixMs: at,
                    paddingMs: SPIKE_PADDING_MS,
                  }),
                );
              }
            }}
          >
            <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />
            <XAxis
              dataKey="timeUnixMs"
              type="number"
              domain={domain}
              tickFormatter={formatClock}
              tick={AXIS_TICK}
              stroke="var(--line)"
              tickCount={4}
              allowDataOverflow
            />
            <YAxis
              yAxisId="events"
              tick={AXIS_TICK}
              stroke="var(--line)"
              width={44}
              tickFormatter={(v: number) => formatCount(v)}
              allowDecimals={false}
            />
            <YAxis
              yAxisId="ms"
              orientation="right"
              tick={AXIS_TICK}
              stroke="var(--line)"
              width={40}
              tickFormatter={(v: number) => formatDurationAxis(v)}
            />
            {faultAreas(bands, 'events')}
            <Tooltip
              labelFormatter={(t) => formatClock(Number(t))}
              formatter={(value, name) =>
                name === 'lag (ms)'
                  ? [formatDuration(Number(value)), name]
                  : [formatCount(Number(value)), name]
              }
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--line)',
                fontSize: 12,
              }}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Line
              yAxisId="events"
              name="lag (events)"
              dataKey="lagEvents"
              type="monotone"
              stroke="var(--accent)"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
            <Line
              yAxisId="ms"
              name="lag (ms)"
              dataKey="lagMs"
              type="monotone"
              stroke="var(--warn)"
              strokeWidth={1.5}
              strokeDasharray="5 3"
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      {spikes.length > 0 && (
        <p
          className="flex flex-wrap items-center gap-x-3 gap-y-1 text-muted text-xs"
          data-testid="lag-spikes"
        >
          <span>Lag spikes:</span>
          {spikes.map((spike) => (
            <Link
              key={spike.peakUnixMs}
              href={tracesAroundHref({
                service: projection.service,
                fromUnixMs: spike.fromUnixMs,
                toUnixMs: spike.peakUnixMs,
                paddingMs: SPIKE_PADDING_MS,
              })}
              aria-label={`traces of ${projection.service} around the lag spike of ${formatCount(spike.lagEvents)} events at ${formatClock(spike.peakUnixMs)}`}
              className="text-accent hover:underline"
            >
              {formatClock(spike.peakUnixMs)} ({formatCount(spike.lagEvents)} events) → traces
            </Link>
          ))}
        </p>
      )}
    </>
  );
}

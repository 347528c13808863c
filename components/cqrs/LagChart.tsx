'use client';

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
import { lagSeries } from './projection-view';

const AXIS_TICK = { fontSize: 10, fill: 'var(--muted)' };

/** Lag over time in events (left axis, solid) and in milliseconds (right axis, dashed). */
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
  return (
    <div
      className="h-44"
      data-testid="lag-chart"
      role="img"
      aria-label={`Lag of ${projection.name} over time, in events and milliseconds`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
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
  );
}

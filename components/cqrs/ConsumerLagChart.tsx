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
import { apiRoutes, type FaultsSnapshot, MetricSeriesResponse } from '../../collectors/contracts';
import { messagingMetrics } from '../../collectors/contracts/conventions';
import { FaultLegend, faultAreas } from '../charts/FaultAreas';
import { allFaultWindows, faultBands } from '../charts/fault-windows';
import { formatClock, formatCount } from '../charts/format';
import { useApi } from '../charts/use-api';
import { lagHistory } from './consumer-lag-view';

const AXIS_TICK = { fontSize: 10, fill: 'var(--muted)' };
const WINDOW_MS = 5 * 60_000;
const COLOURS = ['var(--accent)', 'var(--warn)', 'var(--healthy)', 'var(--critical)', 'var(--fg)'];

/**
 * Each group's total lag over the last minutes, from the `messaging.consumer.lag` series the
 * collectors hold (telemetry mode; nothing is drawn without them), fault windows shaded.
 */
export function ConsumerLagChart({
  tick,
  faults,
}: {
  tick: number;
  faults: FaultsSnapshot | null;
}) {
  const now = Date.now();
  // Rounded so a re-render between two polls asks for the same URL.
  const from = Math.floor((now - WINDOW_MS) / 10_000) * 10_000;
  const url = `${apiRoutes.metricSeries}?name=${encodeURIComponent(messagingMetrics.consumerLag)}&fromUnixMs=${from}`;
  const state = useApi(url, MetricSeriesResponse, tick);
  if (state.status !== 'ok') return null;
  const history = lagHistory(state.data.series);
  if (history.rows.length < 2) return null;
  const domain: [number, number] = [history.rows[0]!.timeUnixMs, history.rows.at(-1)!.timeUnixMs];
  const bands = faultBands(allFaultWindows(faults), domain[0], domain[1]);
  return (
    <div className="mt-2">
      <p className="text-muted text-xs">Total lag per group over the last minutes (messages)</p>
      <div
        className="h-44"
        data-testid="consumer-lag-chart"
        role="img"
        aria-label={`Total lag of ${history.groups.join(', ')} over the last minutes, in messages`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={history.rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />
            <XAxis
              dataKey="timeUnixMs"
              type="number"
              domain={domain}
              tickFormatter={formatClock}
              tick={AXIS_TICK}
              stroke="var(--line)"
              tickCount={5}
              allowDataOverflow
            />
            <YAxis
              yAxisId="lag"
              tick={AXIS_TICK}
              stroke="var(--line)"
              width={44}
              tickFormatter={(v: number) => formatCount(v)}
              allowDecimals={false}
            />
            {faultAreas(bands, 'lag')}
            <Tooltip
              labelFormatter={(t) => formatClock(Number(t))}
              formatter={(value, name) => [formatCount(Number(value)), name]}
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--line)',
                fontSize: 12,
              }}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {history.groups.map((group, i) => (
              <Line
                key={group}
                yAxisId="lag"
                name={group}
                dataKey={(row: (typeof history.rows)[number]) => row.lag[i]}
                type="monotone"
                stroke={COLOURS[i % COLOURS.length]}
                strokeWidth={1.5}
                strokeDasharray={i >= COLOURS.length ? '5 3' : undefined}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <FaultLegend bands={bands} />
    </div>
  );
}

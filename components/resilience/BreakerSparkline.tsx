'use client';

import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BreakerView } from '../../collectors/contracts';
import { faultAreas } from '../charts/FaultAreas';
import type { FaultBand } from '../charts/fault-windows';
import { formatClock } from '../charts/format';
import { transitionTimeline } from './breaker-view';

const LEVEL_NAMES = ['closed', 'half-open', 'open'];

/** The breaker's state over time as a step line (open high, closed low), with fault windows. */
export function BreakerSparkline({
  breaker,
  domain,
  bands,
}: {
  breaker: BreakerView;
  domain: [number, number];
  bands: readonly FaultBand[];
}) {
  const points = transitionTimeline(breaker, domain);
  return (
    <div
      className="h-20"
      role="img"
      aria-label={`State timeline of ${breaker.name}: ${breaker.transitions.length} transitions`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
          <XAxis
            dataKey="timeUnixMs"
            type="number"
            domain={domain}
            tickFormatter={formatClock}
            tick={{ fontSize: 10, fill: 'var(--muted)' }}
            stroke="var(--line)"
            tickCount={3}
            allowDataOverflow
          />
          <YAxis
            type="number"
            domain={[0, 2]}
            ticks={[0, 1, 2]}
            tickFormatter={(level: number) => LEVEL_NAMES[level] ?? ''}
            tick={{ fontSize: 9, fill: 'var(--muted)' }}
            stroke="var(--line)"
            width={56}
          />
          {faultAreas(bands)}
          <Tooltip
            labelFormatter={(t) => formatClock(Number(t))}
            formatter={(level) => [LEVEL_NAMES[Number(level)] ?? '', 'state']}
            contentStyle={{
              background: 'var(--surface)',
              border: '1px solid var(--line)',
              fontSize: 12,
            }}
          />
          <Line
            type="stepAfter"
            dataKey="level"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { TraceSummary } from '../../collectors/contracts';
import { useTheme } from '../theme/theme';
import { formatClock, formatDuration } from './format';

// SVG attributes cannot read the theme's CSS variables: the same colours, per theme.
const COLOURS = {
  dark: { ok: '#38bdf8', error: '#f87171', axis: '#94a3b8', grid: '#273449' },
  light: { ok: '#0284c7', error: '#dc2626', axis: '#526074', grid: '#dbe2ea' },
} as const;

type Point = TraceSummary & { x: number; y: number };

/** Duration against start time, one dot per trace (errors red); a click opens the trace. */
export function DurationScatter({ traces }: { traces: readonly TraceSummary[] }) {
  const router = useRouter();
  const colours = COLOURS[useTheme()];
  const [ok, failed] = useMemo(() => {
    const points = traces.map((trace) => ({ ...trace, x: trace.startUnixMs, y: trace.durationMs }));
    return [points.filter((p) => p.errorCount === 0), points.filter((p) => p.errorCount > 0)];
  }, [traces]);
  const open = (item: { payload?: Point }) => {
    if (item.payload) router.push(`/traces/${item.payload.traceId}`);
  };

  return (
    <figure
      aria-label={`Duration of ${traces.length} traces over time; ${failed.length} with errors in red`}
      className="h-44 w-full"
      data-testid="duration-scatter"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 12, right: 20, bottom: 4, left: 4 }}>
          <CartesianGrid stroke={colours.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            name="start"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ms: number) => formatClock(ms).slice(0, 8)}
            tick={{ fill: colours.axis, fontSize: 11 }}
            stroke={colours.grid}
            tickCount={6}
            scale="time"
          />
          <YAxis
            type="number"
            dataKey="y"
            name="duration"
            tickFormatter={(ms: number) => formatDuration(ms)}
            tick={{ fill: colours.axis, fontSize: 11 }}
            stroke={colours.grid}
            width={64}
          />
          <ZAxis type="number" dataKey="spanCount" range={[28, 160]} />
          <Tooltip
            content={ScatterTooltip}
            cursor={{ stroke: colours.grid }}
            isAnimationActive={false}
          />
          <Scatter
            name="ok"
            data={ok}
            fill={colours.ok}
            fillOpacity={0.7}
            onClick={open}
            cursor="pointer"
            isAnimationActive={false}
          />
          <Scatter
            name="errors"
            data={failed}
            fill={colours.error}
            fillOpacity={0.8}
            onClick={open}
            cursor="pointer"
            isAnimationActive={false}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}

function ScatterTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-line bg-surface px-2.5 py-1.5 text-xs shadow-md">
      <p className="font-medium">
        {point.rootService}: {point.rootOperation}
      </p>
      <p className="text-muted tabular-nums">
        {formatDuration(point.durationMs)} · {point.spanCount} spans
        {point.errorCount > 0 && (
          <span className="text-critical"> · {point.errorCount} errors</span>
        )}
      </p>
      <p className="text-muted tabular-nums">{formatClock(point.startUnixMs)}</p>
    </div>
  );
}

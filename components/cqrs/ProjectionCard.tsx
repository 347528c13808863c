import type { ProjectionView } from '../../collectors/contracts';
import { FaultLegend } from '../charts/FaultAreas';
import type { FaultBand } from '../charts/fault-windows';
import { formatCount, formatDuration } from '../charts/format';
import { TONE_BADGE } from '../charts/tones';
import { LagChart } from './LagChart';
import { ProjectionControls } from './ProjectionControls';
import {
  checkpointPercent,
  historyDomain,
  PROJECTION_STATE_TONES as PROJECTION_TONE,
  type ProjectionControlAction,
} from './projection-view';

/** One projection: state, lag now and over time, throughput, checkpoint against the head. */
export function ProjectionCard({
  projection,
  bands,
  controls,
}: {
  projection: ProjectionView;
  bands: (domain: [number, number]) => FaultBand[];
  controls: readonly ProjectionControlAction[] | undefined;
}) {
  const share = checkpointPercent(projection);
  const domain = historyDomain(projection.history);
  const chartBands = domain ? bands(domain) : [];
  return (
    <article
      data-testid="projection-card"
      data-state={projection.state}
      aria-label={`projection ${projection.name} in ${projection.service}: ${projection.state}`}
      className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4"
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate font-semibold text-fg">{projection.name}</h2>
          <p className="truncate text-muted text-xs">
            {projection.service} · reads {projection.store}
          </p>
        </div>
        <span
          className={`rounded-full border px-2.5 py-0.5 font-semibold text-xs uppercase ${TONE_BADGE[PROJECTION_TONE[projection.state]]}`}
        >
          {projection.state}
        </span>
      </header>
      <dl className="grid grid-cols-3 gap-2 text-sm">
        <Stat label="lag (events)" value={formatCount(projection.lagEvents)} />
        <Stat
          label={`lag (ms${projection.lagMsSource === 'estimated' ? ', est.' : ''})`}
          value={projection.lagMs === null ? '–' : formatDuration(projection.lagMs)}
        />
        <Stat
          label="throughput"
          value={
            projection.throughputPerSecond === null
              ? '–'
              : `${projection.throughputPerSecond.toFixed(1)}/s`
          }
        />
      </dl>
      <div>
        <div className="flex justify-between text-muted text-xs tabular-nums">
          <span>checkpoint {formatCount(projection.position)}</span>
          <span>head {formatCount(projection.headPosition)}</span>
        </div>
        <div
          role="progressbar"
          aria-label="checkpoint against head"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={share === null ? undefined : Math.round(share)}
          className="mt-1 h-2 overflow-hidden rounded-full bg-raised"
        >
          <div className="h-full rounded-full bg-accent" style={{ width: `${share ?? 0}%` }} />
        </div>
      </div>
      {domain ? <LagChart projection={projection} domain={domain} bands={chartBands} /> : null}
      <FaultLegend bands={chartBands} />
      {controls ? <ProjectionControls projectionKey={projection.key} actions={controls} /> : null}
    </article>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md bg-raised/60 px-2 py-1.5">
      <dt className="text-muted text-xs">{label}</dt>
      <dd className="font-semibold text-fg tabular-nums">{value}</dd>
    </div>
  );
}

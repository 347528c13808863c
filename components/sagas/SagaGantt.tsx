import Link from 'next/link';
import { formatDuration } from '../charts/format';
import { TONE_TEXT } from '../charts/tones';
import { tracesAroundHref } from '../traces/around-link';
import type { GanttBar, GanttEvent, GanttModel } from './gantt';
import { stepStatus, stepTraceHref } from './saga-status';

const LABEL_COL = 'w-60 shrink-0';
/** "Traces around" a step: the step's own span, and 5 s either side. */
const STEP_PADDING_MS = 5_000;
const STRIPES = {
  backgroundImage:
    'repeating-linear-gradient(135deg, transparent 0 5px, color-mix(in srgb, var(--surface) 45%, transparent) 5px 9px)',
};

/**
 * The saga as a Gantt chart: a time axis, a lane for the waits between steps and the events in
 * them, then one row per step whose bar links to the step's span in its trace. Compensations
 * are striped, amber and labelled; failed steps have a red outline and say so.
 */
export function SagaGantt({ model, events }: { model: GanttModel; events: readonly GanttEvent[] }) {
  return (
    <figure
      aria-label="Saga timeline"
      className="overflow-x-auto rounded-lg border border-line bg-surface p-4"
    >
      <div className="min-w-[44rem]">
        <div className="flex">
          <div className={`${LABEL_COL} text-muted text-xs`}>step</div>
          <div className="relative h-5 flex-1 text-muted text-xs">
            {model.ticks.map((tick) => (
              <span
                key={tick.offsetMs}
                className="absolute -translate-x-1/2 tabular-nums"
                style={{ left: `${tick.pct}%` }}
              >
                {formatDuration(tick.offsetMs)}
              </span>
            ))}
          </div>
        </div>
        <div className="flex border-line border-t py-1.5">
          <div className={`${LABEL_COL} text-muted text-xs`}>waits &amp; events</div>
          <div className="relative h-6 flex-1" data-testid="saga-gaps">
            <Grid model={model} />
            {model.gaps.map((gap) => (
              <span
                key={gap.fromUnixMs}
                title={`wait ${formatDuration(gap.toUnixMs - gap.fromUnixMs)}`}
                className="absolute top-2.5 h-0 border-muted border-t border-dashed"
                style={{ left: `${gap.leftPct}%`, width: `${gap.widthPct}%` }}
              >
                {gap.widthPct > 6 ? (
                  <span className="absolute -top-2.5 left-1/2 -translate-x-1/2 whitespace-nowrap bg-surface px-1 text-[10px] text-muted">
                    wait {formatDuration(gap.toUnixMs - gap.fromUnixMs)}
                  </span>
                ) : null}
              </span>
            ))}
            {events.map((event) => (
              <Link
                key={event.key}
                href={stepTraceHref(event)}
                title={`${event.name} (${event.service}) ${event.detail}`}
                aria-label={`event ${event.name} in ${event.service}`}
                className="absolute top-1 -translate-x-1/2 text-accent text-xs leading-none hover:scale-125"
                style={{ left: `${event.pct}%` }}
              >
                ◆
              </Link>
            ))}
          </div>
        </div>
        <ol className="border-line border-t">
          {model.bars.map((bar) => (
            <StepRow key={bar.step.spanId} bar={bar} model={model} />
          ))}
        </ol>
      </div>
    </figure>
  );
}

function Grid({ model }: { model: GanttModel }) {
  return (
    <>
      {model.ticks.map((tick) => (
        <span
          key={tick.offsetMs}
          aria-hidden="true"
          className="absolute inset-y-0 border-line/70 border-l"
          style={{ left: `${tick.pct}%` }}
        />
      ))}
    </>
  );
}

function StepRow({ bar, model }: { bar: GanttBar; model: GanttModel }) {
  const { step } = bar;
  const status = stepStatus(step);
  const compensation = step.kind === 'compensation';
  const failed = step.status === 'error';
  const offset = formatDuration(step.startUnixMs - model.startUnixMs);
  // Wide bars carry their text inside; others beside them, on whichever side has room.
  const placement =
    bar.widthPct > 30 ? 'inside' : bar.leftPct + bar.widthPct < 78 ? 'right' : 'left';
  return (
    <li
      data-testid="saga-step"
      data-kind={step.kind}
      data-status={status.label}
      className="flex items-center border-line/60 border-b py-1 last:border-0"
    >
      <div className={`${LABEL_COL} flex min-w-0 flex-col pr-3`}>
        <span className="truncate font-medium text-fg text-sm" title={step.name}>
          {compensation ? <span aria-hidden="true">↺ </span> : null}
          {step.name}
        </span>
        <span className="flex gap-2 text-xs">
          <span className="text-muted">{step.service}</span>
          <span className={compensation ? 'font-medium text-warn' : 'text-muted'}>{step.kind}</span>
          <span className={TONE_TEXT[status.tone]}>
            {failed ? '✕ ' : ''}
            {status.label}
          </span>
          <Link
            href={tracesAroundHref({
              service: step.service,
              fromUnixMs: step.startUnixMs,
              toUnixMs: step.startUnixMs + step.durationMs,
              paddingMs: STEP_PADDING_MS,
            })}
            data-testid="step-traces-around"
            aria-label={`traces of ${step.service} around ${step.name} (±5 s)`}
            className="ml-auto shrink-0 text-accent hover:underline"
          >
            traces ±5 s
          </Link>
        </span>
      </div>
      <div className="relative h-7 flex-1">
        <Grid model={model} />
        <Link
          href={stepTraceHref(step)}
          aria-label={`${step.name}: ${step.kind}, ${status.label}, ${formatDuration(step.durationMs)} at +${offset}; open its trace`}
          className={`absolute top-1 bottom-1 rounded-sm border hover:brightness-110 focus-visible:outline-2 focus-visible:outline-fg ${
            compensation ? 'border-warn bg-warn/75' : 'border-accent bg-accent/70'
          } ${failed ? 'border-2 border-critical' : ''}`}
          style={{
            left: `${bar.leftPct}%`,
            width: `${bar.widthPct}%`,
            ...(compensation ? STRIPES : {}),
          }}
        />
        <span
          className={`pointer-events-none absolute top-1.5 whitespace-nowrap px-1.5 text-xs tabular-nums ${
            placement === 'inside'
              ? 'ml-1 rounded-sm bg-surface/85 font-medium text-fg'
              : 'text-muted'
          }`}
          style={
            placement === 'inside'
              ? { left: `${bar.leftPct}%` }
              : placement === 'right'
                ? { left: `${bar.leftPct + bar.widthPct}%` }
                : { right: `${100 - bar.leftPct}%` }
          }
        >
          {formatDuration(step.durationMs)}
          {compensation ? ' · compensation' : ''}
          {failed ? ' · failed' : ''}
        </span>
      </div>
    </li>
  );
}

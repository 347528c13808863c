import Link from 'next/link';
import type { BreakerView } from '../../collectors/contracts';
import type { FaultBand } from '../charts/fault-windows';
import { formatClock, formatCount, formatPercent } from '../charts/format';
import { TONE_BADGE, TONE_TEXT } from '../charts/tones';
import { formatAge } from '../live/age';
import { BreakerSparkline } from './BreakerSparkline';
import { BREAKER_STATE_LABELS, BREAKER_STATE_TONES, tracesAroundHref } from './breaker-view';

const RECENT_TRANSITIONS = 4;

/** One breaker, Hystrix-style: state, rolling error %, calls, rejections, state timeline. */
export function BreakerCard({
  breaker,
  nowUnixMs,
  domain,
  bands,
}: {
  breaker: BreakerView;
  nowUnixMs: number;
  domain: [number, number];
  bands: readonly FaultBand[];
}) {
  const tone = BREAKER_STATE_TONES[breaker.state];
  const counters = breaker.counters;
  const errorTone =
    counters?.errorPercent == null
      ? 'muted'
      : counters.errorPercent >= 50
        ? 'critical'
        : counters.errorPercent >= 10
          ? 'warn'
          : 'healthy';
  return (
    <article
      data-testid="breaker-card"
      data-state={breaker.state}
      aria-label={`breaker ${breaker.name} in ${breaker.service}: ${BREAKER_STATE_LABELS[breaker.state]}`}
      className={`flex flex-col gap-3 rounded-lg border bg-surface p-4 ${breaker.state === 'closed' ? 'border-line' : tone === 'critical' ? 'border-critical/60' : 'border-warn/60'}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate font-semibold text-fg">{breaker.name}</h2>
          <p className="truncate text-muted text-xs">
            {breaker.service} → {breaker.peer || 'unknown peer'}
          </p>
        </div>
        <span
          className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 font-semibold text-xs uppercase ${TONE_BADGE[tone]}`}
        >
          <span aria-hidden="true" className="size-2 rounded-full bg-current" />
          {BREAKER_STATE_LABELS[breaker.state]}
        </span>
      </header>
      <dl className="grid grid-cols-3 gap-2">
        <Stat
          label="error %"
          className={TONE_TEXT[errorTone]}
          value={formatPercent(counters?.errorPercent ?? null)}
        />
        <Stat label="calls" value={formatCount(counters?.calls ?? null)} />
        <Stat
          label="rejected"
          value={formatCount(counters?.rejections ?? null)}
          className={counters?.rejections ? 'text-critical' : undefined}
        />
      </dl>
      <BreakerSparkline breaker={breaker} domain={domain} bands={bands} />
      <div className="text-xs">
        <p className="text-muted">
          last change:{' '}
          <span className="text-fg" suppressHydrationWarning>
            {breaker.lastChangeUnixMs === null
              ? 'none seen'
              : `${formatAge(nowUnixMs - breaker.lastChangeUnixMs)} (${formatClock(breaker.lastChangeUnixMs)})`}
          </span>
        </p>
        {breaker.transitions.length > 0 ? (
          <ol className="mt-1 flex flex-col gap-0.5" aria-label="Latest transitions">
            {breaker.transitions
              .slice(-RECENT_TRANSITIONS)
              .reverse()
              .map((transition) => (
                <li
                  key={`${transition.timeUnixMs}-${transition.spanId}`}
                  className="flex gap-2 tabular-nums"
                >
                  <span className="text-muted">{formatClock(transition.timeUnixMs)}</span>
                  <span>
                    {transition.from ? BREAKER_STATE_LABELS[transition.from] : '?'} →{' '}
                    <span className={TONE_TEXT[BREAKER_STATE_TONES[transition.to]]}>
                      {BREAKER_STATE_LABELS[transition.to]}
                    </span>
                  </span>
                  <Link
                    href={tracesAroundHref(breaker.service, transition.timeUnixMs)}
                    className="ml-auto text-accent hover:underline"
                    aria-label={`traces of ${breaker.service} around the change to ${BREAKER_STATE_LABELS[transition.to]} at ${formatClock(transition.timeUnixMs)}`}
                  >
                    traces ±5 s
                  </Link>
                </li>
              ))}
          </ol>
        ) : null}
        {counters === null ? (
          <p className="mt-1 text-muted">No circuit_breaker.calls counter seen yet.</p>
        ) : null}
      </div>
    </article>
  );
}

function Stat({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <div className="rounded-md bg-raised/60 px-2 py-1.5">
      <dt className="text-muted text-xs">{label}</dt>
      <dd className={`font-semibold text-lg tabular-nums ${className ?? 'text-fg'}`}>{value}</dd>
    </div>
  );
}

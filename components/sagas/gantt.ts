import type { SagaStep, Trace } from '../../collectors/contracts';

/**
 * The Gantt timeline of one saga as positions in percent of the saga's time range: one bar per
 * step, the waits between steps, axis ticks, and the events (span events, messages) that
 * happened in the saga's traces during that range.
 */
export interface GanttBar {
  step: SagaStep;
  leftPct: number;
  widthPct: number;
}

export interface GanttGap {
  fromUnixMs: number;
  toUnixMs: number;
  leftPct: number;
  widthPct: number;
}

export interface GanttTick {
  offsetMs: number;
  pct: number;
}

export interface GanttEvent {
  /** Unique within one saga's events. */
  key: string;
  name: string;
  service: string;
  timeUnixMs: number;
  pct: number;
  traceId: string;
  spanId: string;
  /** Key attributes in words, e.g. "circuit_breaker.to=open". */
  detail: string;
}

export interface GanttModel {
  startUnixMs: number;
  endUnixMs: number;
  spanMs: number;
  bars: GanttBar[];
  gaps: GanttGap[];
  ticks: GanttTick[];
}

/** Bars narrower than this are widened so an instant step stays visible and clickable. */
export const MIN_BAR_PCT = 0.6;

export function ganttModel(steps: readonly SagaStep[], tickCount = 6): GanttModel {
  // Same start: the longer (enclosing) step first, as a trace waterfall orders parents.
  const sorted = [...steps].sort(
    (a, b) => a.startUnixMs - b.startUnixMs || b.durationMs - a.durationMs,
  );
  const startUnixMs = sorted[0]?.startUnixMs ?? 0;
  const endUnixMs = Math.max(startUnixMs, ...sorted.map(endOf));
  const spanMs = Math.max(endUnixMs - startUnixMs, 1);
  const pct = (unixMs: number) => ((unixMs - startUnixMs) / spanMs) * 100;

  const bars = sorted.map((step) => {
    const leftPct = Math.min(pct(step.startUnixMs), 100 - MIN_BAR_PCT);
    return { step, leftPct, widthPct: Math.max((step.durationMs / spanMs) * 100, MIN_BAR_PCT) };
  });

  const gaps = waitsBetween(sorted, startUnixMs, pct);

  const tickStep = niceStep(spanMs / Math.max(tickCount, 1));
  const ticks: GanttTick[] = [];
  for (let offsetMs = 0; offsetMs <= spanMs + 1e-9; offsetMs += tickStep) {
    ticks.push({ offsetMs, pct: (offsetMs / spanMs) * 100 });
  }
  return { startUnixMs, endUnixMs, spanMs, bars, gaps, ticks };
}

const endOf = (step: SagaStep) => step.startUnixMs + step.durationMs;

/**
 * The waits: stretches between the first and the last step where no step runs. A step that
 * encloses another (the orchestrator's request span around its steps) is left out of the
 * coverage, or it would hide every wait inside it.
 */
function waitsBetween(
  sorted: readonly SagaStep[],
  startUnixMs: number,
  pct: (unixMs: number) => number,
): GanttGap[] {
  const encloses = (outer: SagaStep, inner: SagaStep) =>
    outer !== inner && outer.startUnixMs <= inner.startUnixMs && endOf(outer) >= endOf(inner);
  const leaves = sorted.filter((step) => !sorted.some((other) => encloses(step, other)));
  const gaps: GanttGap[] = [];
  let reachedUnixMs = leaves[0]?.startUnixMs ?? startUnixMs;
  for (const step of leaves) {
    if (step.startUnixMs > reachedUnixMs) {
      gaps.push({
        fromUnixMs: reachedUnixMs,
        toUnixMs: step.startUnixMs,
        leftPct: pct(reachedUnixMs),
        widthPct: pct(step.startUnixMs) - pct(reachedUnixMs),
      });
    }
    reachedUnixMs = Math.max(reachedUnixMs, endOf(step));
  }
  return gaps;
}

/** The smallest 1, 2 or 5 × 10^k at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= raw - 1e-12) return factor * power;
  }
  return 10 * power;
}

const DETAIL_KEYS = [
  'circuit_breaker.to',
  'fault.kind',
  'fault.target',
  'resilience.attempt',
  'resilience.rejected.reason',
  'exception.message',
  'messaging.destination.name',
];

function detailOf(attributes: Record<string, unknown>): string {
  return DETAIL_KEYS.filter((key) => attributes[key] !== undefined && attributes[key] !== null)
    .map((key) => `${key}=${String(attributes[key])}`)
    .join(' ');
}

/**
 * What happened around the steps: every span event in the saga's traces, and every message
 * published or consumed (producer/consumer spans, the hand-offs of a choreographed saga), within
 * the model's range, in time order.
 */
export function ganttEvents(traces: readonly Trace[], model: GanttModel): GanttEvent[] {
  const events: GanttEvent[] = [];
  const inRange = (t: number) => t >= model.startUnixMs && t <= model.endUnixMs;
  const pct = (t: number) => ((t - model.startUnixMs) / model.spanMs) * 100;
  for (const trace of traces) {
    for (const span of trace.spans) {
      for (const [index, event] of span.events.entries()) {
        if (!inRange(event.timeUnixMs)) continue;
        events.push({
          key: `${span.spanId}:e${index}`,
          name: event.name,
          service: span.service,
          timeUnixMs: event.timeUnixMs,
          pct: pct(event.timeUnixMs),
          traceId: span.traceId,
          spanId: span.spanId,
          detail: detailOf(event.attributes),
        });
      }
      if ((span.kind === 'producer' || span.kind === 'consumer') && inRange(span.startTimeUnixMs)) {
        events.push({
          key: `${span.spanId}:${span.kind}`,
          name: span.kind === 'producer' ? 'message published' : 'message consumed',
          service: span.service,
          timeUnixMs: span.startTimeUnixMs,
          pct: pct(span.startTimeUnixMs),
          traceId: span.traceId,
          spanId: span.spanId,
          detail: detailOf(span.attributes) || span.name,
        });
      }
    }
  }
  return events.sort((a, b) => a.timeUnixMs - b.timeUnixMs);
}

/** The distinct trace ids of the steps, most steps first, at most `limit`. */
export function sagaTraceIds(steps: readonly SagaStep[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const step of steps) counts.set(step.traceId, (counts.get(step.traceId) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([traceId]) => traceId);
}

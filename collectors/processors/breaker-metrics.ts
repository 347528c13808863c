import type { ResilienceCounters, ResilienceCounts } from '../contracts/breakers';
import {
  BREAKER_STATE_GAUGE,
  breakerAttributes,
  breakerMetrics,
  resilienceAttributes,
  resilienceMetrics,
} from '../contracts/conventions';
import type { MetricPoint } from '../contracts/metrics';
import type { BreakerCountersUpdate } from './breakers';
import { RollingCounter } from './rolling-counter';
import { stringAttribute } from './telemetry-events';

/**
 * Circuit-breaker and resilience metrics (names in conventions.ts) into what the breaker view
 * shows: per breaker, rolling calls, rejections and error % from `circuit_breaker.calls` by
 * outcome, and the state from the `circuit_breaker.state` gauge (BreakerTracker.recordCounters
 * applies them); per service and target, the retry, timeout, bulkhead and rate-limit counters,
 * in total and over the window. Bounded by maxSeries counter series (least recently updated
 * evicted first).
 */

export interface BreakerMetricsOptions {
  windowSeconds?: number;
  maxSeries?: number;
}

const RESILIENCE_KINDS: Record<string, keyof ResilienceCounts> = {
  [resilienceMetrics.retries]: 'retries',
  [resilienceMetrics.timeouts]: 'timeouts',
  [resilienceMetrics.bulkheadRejections]: 'bulkheadRejections',
  [resilienceMetrics.rateLimitRejections]: 'rateLimitRejections',
};

interface Series {
  counter: RollingCounter;
  /** Breaker series: `${service}\u0000${name}`; resilience: `${service}\u0000${target}`. */
  group: string;
  /** Outcome of a breaker series; counts key of a resilience series. */
  label: string;
}

const zeroCounts = (): ResilienceCounts => ({
  retries: 0,
  timeouts: 0,
  bulkheadRejections: 0,
  rateLimitRejections: 0,
});

export class BreakerMetrics {
  readonly windowSeconds: number;
  private readonly maxSeries: number;
  private readonly breakerSeries = new Map<string, Series>();
  private readonly resilienceSeries = new Map<string, Series>();

  constructor(options: BreakerMetricsOptions = {}) {
    this.windowSeconds = Math.max(1, options.windowSeconds ?? 60);
    this.maxSeries = Math.max(1, options.maxSeries ?? 2000);
  }

  /** Takes the breaker and resilience points of one batch; returns one update per breaker. */
  record(points: readonly MetricPoint[]): BreakerCountersUpdate[] {
    const updates = new Map<string, BreakerCountersUpdate>();
    const counted = new Set<string>();
    for (const point of points) {
      if (point.name === breakerMetrics.calls && point.type === 'sum') {
        const name = breakerName(point);
        const outcome = stringAttribute(point.attributes, breakerAttributes.outcome);
        if (name === '' || outcome === '') continue;
        const group = `${point.service}\u0000${name}`;
        this.series(this.breakerSeries, `${group}\u0000${outcome}`, group, outcome).counter.record(
          point,
        );
        const u = update(updates, group, point, name);
        u.timeUnixMs = Math.max(u.timeUnixMs, point.timeUnixMs);
        counted.add(group);
      } else if (point.name === breakerMetrics.state && point.type === 'gauge') {
        const name = breakerName(point);
        const state = BREAKER_STATE_GAUGE[point.value];
        if (name === '' || state === undefined) continue;
        update(updates, `${point.service}\u0000${name}`, point, name).state = state;
      } else if (point.type === 'sum' && RESILIENCE_KINDS[point.name]) {
        const target = stringAttribute(point.attributes, resilienceAttributes.target);
        const group = `${point.service}\u0000${target}`;
        const kind = RESILIENCE_KINDS[point.name]!;
        const key = `${group}\u0000${kind}`;
        this.series(this.resilienceSeries, key, group, kind).counter.record(point);
      }
    }
    for (const group of counted) Object.assign(updates.get(group)!, this.breakerCounts(group));
    return [...updates.values()];
  }

  /** Resilience counters per service and target, sorted by service then target. */
  resilience(): ResilienceCounters[] {
    const byGroup = new Map<string, ResilienceCounters>();
    for (const { counter, group, label } of this.resilienceSeries.values()) {
      let view = byGroup.get(group);
      if (!view) {
        const [service = '', target = ''] = group.split('\u0000');
        view = {
          key: `${service}/${target}`,
          service,
          target,
          total: zeroCounts(),
          recent: zeroCounts(),
          windowSeconds: this.windowSeconds,
          updatedAtUnixMs: 0,
        };
        byGroup.set(group, view);
      }
      const kind = label as keyof ResilienceCounts;
      view.total[kind] += counter.total;
      view.recent[kind] += counter.increase();
      view.updatedAtUnixMs = Math.max(view.updatedAtUnixMs, counter.latestUnixMs);
    }
    return [...byGroup.values()].sort(
      (a, b) => a.service.localeCompare(b.service) || a.target.localeCompare(b.target),
    );
  }

  /** Rolling calls, rejections and error % of one breaker, from its outcome series. */
  private breakerCounts(group: string) {
    const increase = (outcome: string) =>
      this.breakerSeries.get(`${group}\u0000${outcome}`)?.counter.increase() ?? 0;
    const reached = increase('success') + increase('failure');
    const rejections = increase('rejected');
    return {
      calls: reached + rejections,
      rejections,
      errorPercent: reached === 0 ? 0 : (increase('failure') / reached) * 100,
    };
  }

  private series(map: Map<string, Series>, key: string, group: string, label: string): Series {
    const existing = map.get(key);
    if (existing) {
      map.delete(key);
      map.set(key, existing);
      return existing;
    }
    while (this.breakerSeries.size + this.resilienceSeries.size >= this.maxSeries) {
      const victim =
        map.size > 0
          ? map
          : this.breakerSeries.size > 0
            ? this.breakerSeries
            : this.resilienceSeries;
      victim.delete(victim.keys().next().value as string);
    }
    const created: Series = {
      counter: new RollingCounter(this.windowSeconds * 1000),
      group,
      label,
    };
    map.set(key, created);
    return created;
  }
}

function breakerName(point: MetricPoint): string {
  return (
    stringAttribute(point.attributes, breakerAttributes.name) ||
    stringAttribute(point.attributes, breakerAttributes.peer)
  );
}

function update(
  updates: Map<string, BreakerCountersUpdate>,
  group: string,
  point: MetricPoint,
  name: string,
): BreakerCountersUpdate {
  let u = updates.get(group);
  if (!u) {
    const peer = stringAttribute(point.attributes, breakerAttributes.peer);
    u = { service: point.service, name, timeUnixMs: point.timeUnixMs, ...(peer ? { peer } : {}) };
    updates.set(group, u);
  }
  return u;
}

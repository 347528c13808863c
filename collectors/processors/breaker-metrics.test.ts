import { describe, expect, it } from 'vitest';
import { ResilienceResponse } from '../contracts/breakers';
import {
  breakerAttributes as B,
  breakerMetrics,
  resilienceAttributes,
  resilienceMetrics,
} from '../contracts/conventions';
import type { MetricPoint } from '../contracts/metrics';
import { BreakerMetrics } from './breaker-metrics';
import { BreakerTracker } from './breakers';
import { at } from './fixture-spans';
import { RollingCounter } from './rolling-counter';

const START = at(0);

/** A cumulative monotonic counter point of payments, as the OpenTelemetry SDK exports it. */
function counter(
  name: string,
  seconds: number,
  value: number,
  attributes: Record<string, string>,
): MetricPoint {
  return {
    type: 'sum',
    service: 'payments',
    name,
    unit: '{call}',
    attributes,
    resourceAttributes: {},
    timeUnixMs: at(seconds * 1000),
    startTimeUnixMs: START,
    value,
    temporality: 'cumulative',
    monotonic: true,
  };
}

const calls = (seconds: number, outcome: string, value: number) =>
  counter(breakerMetrics.calls, seconds, value, {
    [B.name]: 'partner-bank',
    [B.peer]: 'partner-bank',
    [B.outcome]: outcome,
  });

function stateGauge(seconds: number, value: number): MetricPoint {
  return {
    type: 'gauge',
    service: 'payments',
    name: breakerMetrics.state,
    unit: '',
    attributes: { [B.name]: 'partner-bank' },
    resourceAttributes: {},
    timeUnixMs: at(seconds * 1000),
    startTimeUnixMs: 0,
    value,
  };
}

describe('RollingCounter', () => {
  it('answers the increase over the window from cumulative values, across a reset', () => {
    const c = new RollingCounter(10_000);
    const point = (s: number, value: number, start = START) => ({
      timeUnixMs: at(s * 1000),
      startTimeUnixMs: start,
      value,
      temporality: 'cumulative' as const,
    });
    c.record(point(5, 10)); // counted from the start time: +10 within the window
    expect(c.increase()).toBe(10);
    c.record(point(15, 30));
    expect(c.increase()).toBe(20); // 5 s..15 s
    expect(c.record(point(15, 99))).toBe(false); // not newer
    c.record(point(20, 4, at(18_000))); // the process restarted: +4
    // the window's baseline is the newest sample at or before 20 - 10 s: the one at 5 s (10)
    expect([c.total, c.increase()]).toEqual([34, 24]);
  });

  it('adds up delta values', () => {
    const c = new RollingCounter(60_000);
    for (const s of [1, 2, 3]) {
      c.record({ timeUnixMs: at(s * 1000), startTimeUnixMs: 0, value: 2, temporality: 'delta' });
    }
    expect([c.total, c.increase()]).toEqual([6, 6]);
  });
});

/*
 * payments ──(breaker partner-bank)──► partner-bank, window 60 s:
 *   @10 s: 8 success, 2 failure, 0 rejected; state gauge 0 (closed)
 *   @20 s: 9 success, 6 failure, 5 rejected; state gauge 1 (open)
 *   in the window: 9 + 6 reached the peer, 6 failed (40 %), 5 rejected, 20 calls
 */
describe('BreakerMetrics', () => {
  it('turns outcome counters and the state gauge into breaker counters', () => {
    const metrics = new BreakerMetrics({ windowSeconds: 60 });
    const breakers = new BreakerTracker();
    const apply = (points: MetricPoint[]) => {
      for (const update of metrics.record(points)) breakers.recordCounters(update);
    };
    apply([calls(10, 'success', 8), calls(10, 'failure', 2), stateGauge(10, 0)]);
    apply([
      calls(20, 'success', 9),
      calls(20, 'failure', 6),
      calls(20, 'rejected', 5),
      stateGauge(20, 1),
    ]);
    expect(breakers.get('payments', 'partner-bank')).toMatchObject({
      peer: 'partner-bank',
      state: 'open',
      counters: { calls: 20, rejections: 5, errorPercent: 40, updatedAtUnixMs: at(20_000) },
    });
  });

  it('keeps resilience counters per service and target, total and over the window', () => {
    const metrics = new BreakerMetrics({ windowSeconds: 10 });
    const on = (target: string) => ({ [resilienceAttributes.target]: target });
    metrics.record([
      counter(resilienceMetrics.retries, 5, 3, on('accounts')),
      counter(resilienceMetrics.timeouts, 5, 1, on('accounts')),
      counter(resilienceMetrics.rateLimitRejections, 5, 2, on('')),
    ]);
    metrics.record([counter(resilienceMetrics.retries, 30, 7, on('accounts'))]);
    const { counters } = ResilienceResponse.parse({ counters: metrics.resilience() });
    expect(counters.map((c) => [c.key, c.total, c.recent])).toEqual([
      [
        'payments/',
        { retries: 0, timeouts: 0, bulkheadRejections: 0, rateLimitRejections: 2 },
        { retries: 0, timeouts: 0, bulkheadRejections: 0, rateLimitRejections: 2 },
      ],
      [
        'payments/accounts',
        { retries: 7, timeouts: 1, bulkheadRejections: 0, rateLimitRejections: 0 },
        // retries: 3 @5 s .. 7 @30 s, only the last 10 s count: 4 (from the 5 s baseline)
        { retries: 4, timeouts: 1, bulkheadRejections: 0, rateLimitRejections: 0 },
      ],
    ]);
  });

  it('ignores points without a breaker name or outcome, and unknown state values', () => {
    const metrics = new BreakerMetrics();
    expect(
      metrics.record([
        counter(breakerMetrics.calls, 1, 1, { [B.name]: 'x' }),
        counter(breakerMetrics.calls, 1, 1, { [B.outcome]: 'success' }),
        stateGauge(1, 7),
      ]),
    ).toEqual([]);
  });

  it('stays within maxSeries', () => {
    const metrics = new BreakerMetrics({ maxSeries: 10 });
    for (let i = 0; i < 500; i++) {
      metrics.record([
        counter(resilienceMetrics.retries, i, i, { [resilienceAttributes.target]: `t${i}` }),
      ]);
    }
    expect(metrics.resilience()).toHaveLength(10);
  });
});

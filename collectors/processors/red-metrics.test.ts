import { describe, expect, it } from 'vitest';
import { RedSnapshot } from '../contracts/red';
import { fixtureSpan } from './fixture-spans';
import { RedMetrics } from './red-metrics';

const NOW = 1_800_000_000_000;

/*
 * One request, repeated:
 *
 * gateway  SERVER  GET /transfer   [0 ─────────── D]
 *   gateway CLIENT  POST /pay        [1 ──────── D-1]     (not an entry span)
 *     payments SERVER POST /pay        [2 ───── D-2]
 *       payments PRODUCER publish        [3 ─ 4]          (not an entry span)
 *   notifications CONSUMER payment.done          [D+5 ─ D+7]
 */
function request(i: number, durationMs: number, failed = false) {
  const p = `r${i}-`;
  const D = durationMs;
  return [
    fixtureSpan({
      id: `${p}a`,
      service: 'gateway',
      kind: 'server',
      name: 'GET /transfer',
      start: 0,
      end: D,
      status: failed ? 'error' : 'unset',
    }),
    fixtureSpan({
      id: `${p}b`,
      parent: `${p}a`,
      service: 'gateway',
      kind: 'client',
      name: 'POST /pay',
      start: 1,
      end: D - 1,
    }),
    fixtureSpan({
      id: `${p}c`,
      parent: `${p}b`,
      service: 'payments',
      kind: 'server',
      name: 'POST /pay',
      start: 2,
      end: D - 2,
      status: failed ? 'error' : 'ok',
    }),
    fixtureSpan({
      id: `${p}d`,
      parent: `${p}c`,
      service: 'payments',
      kind: 'producer',
      name: 'publish',
      start: 3,
      end: 4,
    }),
    fixtureSpan({
      id: `${p}e`,
      parent: `${p}d`,
      service: 'notifications',
      kind: 'consumer',
      name: 'payment.done',
      start: D + 5,
      end: D + 7,
    }),
  ];
}

describe('RedMetrics', () => {
  it('counts only entry spans, per service and per operation, with error rates', () => {
    const red = new RedMetrics();
    // 100 requests over the last 10 seconds, durations 10..109 ms; every 10th fails.
    for (let i = 0; i < 100; i++) {
      red.recordAll(request(i, 10 + i, i % 10 === 0), NOW - 10_000 + i * 100);
    }
    const snap = red.snapshot(NOW);
    expect(RedSnapshot.parse(snap)).toEqual(snap);
    expect(snap.services.map((s) => s.service)).toEqual(['gateway', 'notifications', 'payments']);
    expect(snap.operations.map((s) => `${s.service} ${s.operation}`)).toEqual([
      'gateway GET /transfer',
      'notifications payment.done',
      'payments POST /pay',
    ]);
    const gateway = snap.services[0]!;
    expect(gateway.requestCount).toBe(100);
    expect(gateway.errorCount).toBe(10);
    expect(gateway.errorRate).toBeCloseTo(0.1, 9);
    // the first span arrived 10 s before NOW: the rate divides by the 10 s observed
    expect(gateway.requestRatePerSecond).toBeCloseTo(100 / 10, 9);
    expect(gateway.totalRequests).toBe(100);
    // exact p50 of 10..109 is 59 (rank 49), p99 is 108 (rank 98): within the histogram's 1%
    expect(gateway.latencyMs.p50).toBeGreaterThan(59 * 0.99);
    expect(gateway.latencyMs.p50).toBeLessThan(59 * 1.01);
    expect(gateway.latencyMs.p99).toBeGreaterThan(108 * 0.99);
    expect(gateway.latencyMs.p99).toBeLessThan(108 * 1.01);
    expect(snap.services[1]!.errorCount).toBe(0);
    expect(snap.services[2]!.latencyMs.p50).toBeGreaterThan(55 * 0.99);
  });

  it('drops spans from the window as it rolls, keeping totals', () => {
    const red = new RedMetrics({ windowSeconds: 60 });
    red.recordAll(request(1, 500, true), NOW - 58_500); // in the oldest bucket of the window at NOW
    red.recordAll(request(2, 20), NOW - 30_000);
    const atNow = red.snapshot(NOW).services.find((s) => s.service === 'gateway')!;
    expect(atNow.requestCount).toBe(2);
    expect(atNow.errorCount).toBe(1);

    const later = red.snapshot(NOW + 1_000).services.find((s) => s.service === 'gateway')!;
    expect(later.requestCount).toBe(1);
    expect(later.errorCount).toBe(0);
    expect(later.latencyMs.p99).toBeCloseTo(20, 0);
    expect(later.totalRequests).toBe(2);
    expect(later.totalErrors).toBe(1);

    const idle = red.snapshot(NOW + 120_000).services.find((s) => s.service === 'gateway')!;
    expect(idle).toMatchObject({ requestCount: 0, requestRatePerSecond: 0, errorRate: 0 });
    expect(idle.latencyMs).toEqual({ p50: 0, p95: 0, p99: 0 });
    expect(idle.totalRequests).toBe(2);
  });

  it('divides by the time observed until a whole window has passed, then by the window', () => {
    const red = new RedMetrics({ windowSeconds: 60 });
    // 5 requests a second for 5 seconds, right after the collector started.
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 5; i++) red.recordAll(request(second * 5 + i, 10), NOW + second * 1000);
    }
    const rate = (nowMs: number) =>
      red.snapshot(nowMs).services.find((s) => s.service === 'gateway')!.requestRatePerSecond;
    expect(rate(NOW + 5_000)).toBeCloseTo(5, 9);
    // 55 s observed, all 25 requests still inside the window
    expect(rate(NOW + 55_000)).toBeCloseTo(25 / 55, 9);
    // 70 s observed: the divisor stops at the 60 s window (60 requests in the last 60 s)
    for (let i = 0; i < 60; i++) red.recordAll(request(100 + i, 10), NOW + 69_000);
    expect(rate(NOW + 70_000)).toBeCloseTo(1, 9);
    // a snapshot right after the first span divides by one bucket, not by zero
    const fresh = new RedMetrics();
    fresh.recordAll(request(1, 10), NOW);
    expect(fresh.snapshot(NOW).services[0]!.requestRatePerSecond).toBe(1);
  });

  it('reuses a bucket slot for a new second without leaking the old one', () => {
    const red = new RedMetrics({ windowSeconds: 2, bucketSeconds: 1 });
    red.recordAll(request(1, 900), NOW); // slot of second N
    red.recordAll(request(2, 10), NOW + 2_000); // same slot, second N+2
    red.recordAll(request(3, 700), NOW - 1_000); // too old for the slot's window: totals only
    const g = red.snapshot(NOW + 2_000).services.find((s) => s.service === 'gateway')!;
    expect(g.requestCount).toBe(1);
    expect(g.latencyMs.p50).toBeCloseTo(10, 0);
    expect(g.totalRequests).toBe(3);
  });

  it('evicts the least recently updated series beyond the cap', () => {
    const red = new RedMetrics({ maxSeries: 4 });
    const entry = (service: string, name: string) =>
      fixtureSpan({ id: `${service}${name}`, service, name, kind: 'server', start: 0, end: 5 });
    red.record(entry('a', 'x'), NOW); // series: a, a/x
    red.record(entry('b', 'y'), NOW); // series: a, a/x, b, b/y
    red.record(entry('a', 'x'), NOW); // a, a/x move to the end
    red.record(entry('c', 'z'), NOW); // evicts b and b/y
    expect(red.seriesCount).toBe(4);
    const snap = red.snapshot(NOW);
    expect(snap.services.map((s) => s.service)).toEqual(['a', 'c']);
    expect(snap.services[0]!.totalRequests).toBe(2);
  });

  it('rejects a window that is not a multiple of the bucket', () => {
    expect(() => new RedMetrics({ windowSeconds: 10, bucketSeconds: 3 })).toThrow(/multiple/);
  });
});

import { describe, expect, it } from 'vitest';
import type {
  BreakerTransition,
  BreakerView,
  ResilienceCounters,
} from '../../collectors/contracts';
import { searchFromParams } from '../traces/search-query';
import {
  sortBreakers,
  sumCounts,
  timelineDomain,
  tracesAroundHref,
  transitionTimeline,
} from './breaker-view';

const transition = (
  from: BreakerTransition['from'],
  to: BreakerTransition['to'],
  t: number,
): BreakerTransition => ({
  from,
  to,
  timeUnixMs: t,
  traceId: 'tr',
  spanId: 'sp',
});

const breaker = (
  key: string,
  state: BreakerView['state'],
  transitions: BreakerTransition[] = [],
): BreakerView => ({
  key,
  service: 'payments',
  name: key,
  peer: key,
  state,
  lastChangeUnixMs: transitions.at(-1)?.timeUnixMs ?? null,
  transitions,
  counters: null,
});

describe('transitionTimeline', () => {
  it('starts from the state before the range, steps at each transition, ends at the current state', () => {
    const b = breaker('partner', 'half_open', [
      transition('closed', 'open', 100),
      transition('open', 'half_open', 1_500),
    ]);
    expect(transitionTimeline(b, [1_000, 2_000])).toEqual([
      { timeUnixMs: 1_000, level: 2 },
      { timeUnixMs: 1_500, level: 1 },
      { timeUnixMs: 2_000, level: 1 },
    ]);
  });

  it('uses the first in-range transition’s from, or the current state with none', () => {
    const b = breaker('p', 'open', [transition('closed', 'open', 1_200)]);
    expect(transitionTimeline(b, [1_000, 2_000])[0]).toEqual({ timeUnixMs: 1_000, level: 0 });
    expect(transitionTimeline(breaker('q', 'closed'), [0, 10])).toEqual([
      { timeUnixMs: 0, level: 0 },
      { timeUnixMs: 10, level: 0 },
    ]);
  });
});

describe('breaker helpers', () => {
  it('covers at least 2 and at most 15 minutes back from now', () => {
    const now = 10_000_000;
    expect(timelineDomain([], now)).toEqual([now - 120_000, now]);
    expect(timelineDomain([transition(null, 'open', now - 300_000)], now)).toEqual([
      now - 300_000,
      now,
    ]);
    expect(timelineDomain([transition(null, 'open', 0)], now)).toEqual([now - 900_000, now]);
  });

  it('puts open breakers first, then half-open, then closed', () => {
    const sorted = sortBreakers([
      breaker('a', 'closed'),
      breaker('b', 'half_open'),
      breaker('c', 'open'),
    ]);
    expect(sorted.map((b) => b.state)).toEqual(['open', 'half_open', 'closed']);
  });

  it('links to the traces of the service five seconds either side, as /traces reads it', () => {
    const href = tracesAroundHref('payments', 1_000_000.4);
    expect(href).toBe('/traces?service=payments&start=995000&end=1005000');
    const search = searchFromParams(new URL(href, 'http://x').searchParams);
    expect(search.range).toEqual({ kind: 'custom', startUnixMs: 995_000, endUnixMs: 1_005_000 });
  });

  it('sums the counters of every target', () => {
    const row = (retries: number, timeouts: number): ResilienceCounters => ({
      key: 'k',
      service: 's',
      target: 't',
      total: { retries: retries * 10, timeouts, bulkheadRejections: 0, rateLimitRejections: 1 },
      recent: { retries, timeouts, bulkheadRejections: 0, rateLimitRejections: 0 },
      windowSeconds: 60,
      updatedAtUnixMs: 0,
    });
    expect(sumCounts([row(1, 2), row(3, 4)], 'recent')).toEqual({
      retries: 4,
      timeouts: 6,
      bulkheadRejections: 0,
      rateLimitRejections: 0,
    });
    expect(sumCounts([row(1, 2), row(3, 4)], 'total').retries).toBe(40);
  });
});

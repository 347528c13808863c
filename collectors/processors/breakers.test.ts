import { describe, expect, it } from 'vitest';
import { BreakerView } from '../contracts/breakers';
import { breakerAttributes as B, breakerEvents } from '../contracts/conventions';
import type { TelemetryEvent } from '../contracts/events';
import { BreakerTracker, parseBreakerState } from './breakers';
import { at } from './fixture-spans';

function change(
  time: number,
  from: string,
  to: string,
  extra: { service?: string; name?: string; peer?: string; spanId?: string } = {},
): TelemetryEvent {
  return {
    name: breakerEvents.stateChange,
    timeUnixMs: at(time),
    service: extra.service ?? 'payments',
    attributes: {
      ...(extra.name === '' ? {} : { [B.name]: extra.name ?? 'accounts-http' }),
      [B.peer]: extra.peer ?? 'accounts',
      [B.from]: from,
      [B.to]: to,
    },
    traceId: 't',
    spanId: extra.spanId ?? `s${time}`,
    source: 'span_event',
  };
}

describe('BreakerTracker', () => {
  /*
   * payments ──(breaker accounts-http)──► accounts
   *   t=100 closed → open, t=200 open → half-open, t=210 half-open → open (arrives last)
   */
  it('follows state changes in time order even when events arrive out of order', () => {
    const breakers = new BreakerTracker();
    expect(breakers.recordEvent(change(100, 'closed', 'open'))).toBe(true);
    expect(breakers.recordEvent(change(210, 'half_open', 'open'))).toBe(true);
    expect(breakers.recordEvent(change(200, 'open', 'half-open'))).toBe(true);
    const view = breakers.get('payments', 'accounts-http')!;
    expect(BreakerView.parse(view)).toEqual(view);
    expect(view).toMatchObject({
      key: 'payments/accounts-http',
      peer: 'accounts',
      state: 'open',
      lastChangeUnixMs: at(210),
      counters: null,
    });
    expect(view.transitions.map((t) => `${t.from}>${t.to}`)).toEqual([
      'closed>open',
      'open>half_open',
      'half_open>open',
    ]);
  });

  it('keys by service and name, falls back to the peer, and ignores unusable events', () => {
    const breakers = new BreakerTracker();
    breakers.recordEvent(change(1, 'closed', 'open', { service: 'gateway' }));
    breakers.recordEvent(change(2, 'closed', 'OPEN', { name: '', peer: 'kyc' }));
    expect(breakers.recordEvent(change(3, 'closed', 'melted'))).toBe(false);
    expect(breakers.recordEvent(change(4, 'closed', 'open', { name: '', peer: '' }))).toBe(false);
    expect(breakers.recordEvent({ ...change(5, 'closed', 'open'), name: 'fault.started' })).toBe(
      false,
    );
    expect(breakers.list().map((b) => `${b.key}:${b.state}`)).toEqual([
      'gateway/accounts-http:open',
      'payments/kyc:open',
    ]);
  });

  it('drops exact duplicates and keeps the newest transitions beyond the cap', () => {
    const breakers = new BreakerTracker({ maxTransitions: 3 });
    breakers.recordEvent(change(1, 'closed', 'open'));
    breakers.recordEvent(change(1, 'closed', 'open'));
    for (let t = 2; t <= 5; t++) breakers.recordEvent(change(t, 'x', t % 2 ? 'open' : 'closed'));
    const view = breakers.get('payments', 'accounts-http')!;
    expect(view.transitions.map((t) => t.timeUnixMs)).toEqual([at(3), at(4), at(5)]);
    expect(view.transitions[0]!.from).toBeNull();
  });

  it('evicts the least recently updated breaker beyond the cap', () => {
    const breakers = new BreakerTracker({ maxBreakers: 2 });
    breakers.recordEvent(change(1, 'closed', 'open', { name: 'a' }));
    breakers.recordEvent(change(2, 'closed', 'open', { name: 'b' }));
    breakers.recordEvent(change(3, 'open', 'closed', { name: 'a' }));
    breakers.recordEvent(change(4, 'closed', 'open', { name: 'c' }));
    expect(breakers.list().map((b) => b.name)).toEqual(['a', 'c']);
  });

  it('merges counter updates and uses the gauge state until an event arrives', () => {
    const breakers = new BreakerTracker();
    breakers.recordCounters({
      service: 'payments',
      name: 'kyc',
      timeUnixMs: at(10),
      state: 'open',
      calls: 10,
    });
    breakers.recordCounters({
      service: 'payments',
      name: 'kyc',
      timeUnixMs: at(20),
      rejections: 4,
      errorPercent: 140,
    });
    breakers.recordCounters({ service: 'payments', name: 'kyc', timeUnixMs: at(15), calls: 1 }); // stale
    let view = breakers.get('payments', 'kyc')!;
    expect(view.state).toBe('open');
    expect(view.lastChangeUnixMs).toBeNull();
    expect(view.counters).toEqual({
      calls: 10,
      rejections: 4,
      errorPercent: 100,
      updatedAtUnixMs: at(20),
    });
    breakers.recordEvent(change(30, 'open', 'half_open', { name: 'kyc' }));
    view = breakers.get('payments', 'kyc')!;
    expect(view.state).toBe('half_open');
  });

  it('parses the spellings of breaker states', () => {
    expect(
      ['closed', 'OPEN', 'half-open', 'halfOpen', 'half open', 'shut'].map(parseBreakerState),
    ).toEqual(['closed', 'open', 'half_open', 'half_open', 'half_open', null]);
  });
});

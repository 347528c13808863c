import { describe, expect, it } from 'vitest';
import { cqrsAttributes as A, cqrsEvents, cqrsMetrics as M } from '../contracts/conventions';
import { CqrsSnapshot } from '../contracts/cqrs';
import type { TelemetryEvent } from '../contracts/events';
import type { MetricPoint } from '../contracts/metrics';
import { CqrsTracker } from './cqrs';
import { at } from './fixture-spans';

function gauge(
  name: string,
  ms: number,
  value: number,
  attributes: Record<string, string> = {},
  service = 'ledger',
): MetricPoint {
  return {
    type: 'gauge',
    service,
    name,
    unit: '{event}',
    attributes,
    resourceAttributes: { 'service.name': service },
    timeUnixMs: at(ms),
    startTimeUnixMs: 0,
    value,
  };
}

const head = (ms: number, value: number, store?: string) =>
  gauge(M.eventstorePosition, ms, value, store ? { [A.eventStore]: store } : {});
const position = (ms: number, value: number, extra: Record<string, string> = {}) =>
  gauge(M.projectionPosition, ms, value, { [A.projection]: 'balances', ...extra });

function event(name: string, ms: number, projection = 'balances'): TelemetryEvent {
  return {
    name,
    timeUnixMs: at(ms),
    service: 'ledger',
    attributes: { [A.projection]: projection },
    traceId: '',
    spanId: '',
    source: 'log',
  };
}

/*
 * Store "ledger" (the service's own): head 100 @0s, 200 @10s, 300 @20s (10 events/s).
 * Projection "balances" of ledger: 100 @0s, 150 @10s, 200 @20s (5 events/s): it falls behind.
 *   @20s: lag 300-200 = 100 events; event 201 was appended between the heads 200 @10s and
 *   300 @20s, at 10.1s, so the estimated lag is 20 - 10.1 = 9.9 s.
 */
describe('CqrsTracker', () => {
  it('computes lag in events and in ms (estimated from the head), throughput and history', () => {
    const cqrs = new CqrsTracker({ windowSeconds: 60 });
    for (const [ms, h, p] of [
      [0, 100, 100],
      [10_000, 200, 150],
      [20_000, 300, 200],
    ] as const) {
      // one export per interval, the projection point before the head: heads are applied first
      expect(cqrs.recordPoints([position(ms, p), head(ms, h)])).toBe(2);
    }
    const snapshot = CqrsSnapshot.parse(cqrs.snapshot());
    expect(snapshot.projections).toHaveLength(1);
    const view = snapshot.projections[0]!;
    expect(view).toMatchObject({
      key: 'ledger/balances',
      store: 'ledger',
      state: 'running',
      position: 200,
      headPosition: 300,
      lagEvents: 100,
      lagMsSource: 'estimated',
      throughputPerSecond: 5,
      lastUpdateUnixMs: at(20_000),
    });
    expect(view.lagMs).toBeCloseTo(9900, 6);
    expect(view.history.map((s) => [s.position, s.lagEvents, Math.round(s.lagMs ?? -1)])).toEqual([
      [100, 0, 0],
      [150, 50, 4900], // event 151 appended at 5.1 s
      [200, 100, 9900],
    ]);
    expect(snapshot.stores).toEqual([
      {
        store: 'ledger',
        service: 'ledger',
        headPosition: 300,
        appendRatePerSecond: 10,
        lastUpdateUnixMs: at(20_000),
      },
    ]);
  });

  it('prefers the producer-reported lag_ms and reads a store named by eventstore.name', () => {
    const cqrs = new CqrsTracker();
    cqrs.recordPoints([head(0, 50, 'events-db'), head(5000, 80, 'events-db')]);
    cqrs.recordPoints([
      position(5000, 70, { [A.eventStore]: 'events-db' }),
      gauge(M.projectionLagMs, 5000, 1234, { [A.projection]: 'balances' }),
    ]);
    expect(cqrs.snapshot().projections[0]).toMatchObject({
      store: 'events-db',
      lagEvents: 10,
      lagMs: 1234,
      lagMsSource: 'reported',
      throughputPerSecond: null, // one position only
    });
  });

  it('has no lag without a head, and ignores points without a projection name', () => {
    const cqrs = new CqrsTracker();
    expect(cqrs.recordPoints([gauge(M.projectionPosition, 0, 5)])).toBe(0);
    cqrs.recordPoints([position(0, 5)]);
    expect(cqrs.snapshot().projections[0]).toMatchObject({
      headPosition: null,
      lagEvents: null,
      lagMs: null,
      lagMsSource: null,
    });
  });

  /*
   * balances: position @0s; paused @1s; rebuild_started @3s; resumed @2s arrives late and
   * loses; a point @4s with projection.state=paused wins (newer); rebuild_finished @6s.
   */
  it('follows paused / rebuilding / running from events and the state attribute, latest wins', () => {
    const cqrs = new CqrsTracker();
    cqrs.recordPoints([position(0, 1)]);
    const state = () => cqrs.snapshot().projections[0]!;
    expect(cqrs.recordEvent(event(cqrsEvents.paused, 1000))).toBe(true);
    expect(state()).toMatchObject({ state: 'paused', stateSinceUnixMs: at(1000) });
    cqrs.recordEvent(event(cqrsEvents.rebuildStarted, 3000));
    expect(state().state).toBe('rebuilding');
    cqrs.recordEvent(event(cqrsEvents.resumed, 2000)); // arrives late: older than the rebuild
    expect(state().state).toBe('rebuilding');
    cqrs.recordPoints([position(4000, 0, { [A.state]: 'paused' })]);
    expect(state()).toMatchObject({ state: 'paused', stateSinceUnixMs: at(4000) });
    cqrs.recordEvent(event(cqrsEvents.rebuildFinished, 6000));
    expect(state()).toMatchObject({ state: 'running', stateSinceUnixMs: at(6000) });
    expect(cqrs.recordEvent({ ...event(cqrsEvents.paused, 7000), attributes: {} })).toBe(false);
    expect(cqrs.recordEvent(event('circuit_breaker.state_change', 7000))).toBe(false);
  });

  it('restarts the throughput after a rebuild resets the position', () => {
    const cqrs = new CqrsTracker();
    cqrs.recordPoints([position(0, 500), position(1000, 600), position(2000, 10)]);
    cqrs.recordPoints([position(4000, 50)]);
    expect(cqrs.snapshot().projections[0]!.throughputPerSecond).toBe(20);
  });

  it('stays bounded: projections, stores and history', () => {
    const cqrs = new CqrsTracker({ maxProjections: 3, maxStores: 2, maxHistory: 5 });
    for (let i = 0; i < 100; i++) {
      cqrs.recordPoints([
        head(i, i, `store-${i % 7}`),
        gauge(M.projectionPosition, i, i, { [A.projection]: `p${i % 11}` }),
        position(i, i),
      ]);
    }
    const snapshot = cqrs.snapshot();
    expect(snapshot.projections).toHaveLength(3);
    expect(snapshot.stores).toHaveLength(2);
    expect(snapshot.projections.find((p) => p.name === 'balances')!.history).toHaveLength(5);
  });
});

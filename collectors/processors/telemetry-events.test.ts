import { describe, expect, it } from 'vitest';
import { breakerAttributes, breakerEvents, faultEvents } from '../contracts/conventions';
import { TelemetryEvent } from '../contracts/events';
import { at, FIXTURE_TRACE_ID, fixtureSpan } from './fixture-spans';
import {
  extractTelemetryEvents,
  logRecordToTelemetryEvent,
  stringAttribute,
} from './telemetry-events';

describe('extractTelemetryEvents', () => {
  /*
   * gateway  GET /pay        [0 ──────────── 100]
   *   payments POST /pay       [10 ─────── 90]   events: breaker opened @40, fault started @50
   *   payments db              [20 ── 30]        no events
   */
  const spans = [
    fixtureSpan({ id: 'a', service: 'gateway', kind: 'server', start: 0, end: 100 }),
    fixtureSpan({
      id: 'b',
      parent: 'a',
      service: 'payments',
      start: 10,
      end: 90,
      events: [
        {
          name: breakerEvents.stateChange,
          timeUnixMs: at(40),
          attributes: { [breakerAttributes.name]: 'kyc', [breakerAttributes.to]: 'open' },
        },
        { name: faultEvents.started, timeUnixMs: at(50), attributes: { 'fault.id': 'f1' } },
      ],
    }),
    fixtureSpan({ id: 'c', parent: 'b', service: 'payments', start: 20, end: 30 }),
  ];

  it('tags each span event with its span service and ids, in order', () => {
    const events = extractTelemetryEvents(spans);
    expect(events.map((e) => e.name)).toEqual([breakerEvents.stateChange, faultEvents.started]);
    expect(events[0]).toEqual({
      name: breakerEvents.stateChange,
      timeUnixMs: at(40),
      service: 'payments',
      attributes: { [breakerAttributes.name]: 'kyc', [breakerAttributes.to]: 'open' },
      traceId: FIXTURE_TRACE_ID,
      spanId: 'b',
      source: 'span_event',
    });
    for (const e of events) expect(TelemetryEvent.safeParse(e).success).toBe(true);
  });
});

describe('logRecordToTelemetryEvent', () => {
  it('turns a log record with event.name into an event without that attribute', () => {
    const event = logRecordToTelemetryEvent({
      timeUnixMs: at(5),
      service: 'control',
      attributes: { 'event.name': faultEvents.ended, 'fault.id': 'f1' },
      traceId: '',
      spanId: '',
    });
    expect(event).toEqual({
      name: faultEvents.ended,
      timeUnixMs: at(5),
      service: 'control',
      attributes: { 'fault.id': 'f1' },
      traceId: '',
      spanId: '',
      source: 'log',
    });
  });

  it('ignores plain log lines', () => {
    const base = { timeUnixMs: 0, service: 's', traceId: '', spanId: '' };
    expect(logRecordToTelemetryEvent({ ...base, attributes: { msg: 'hi' } })).toBeNull();
    expect(logRecordToTelemetryEvent({ ...base, attributes: { 'event.name': '' } })).toBeNull();
    expect(logRecordToTelemetryEvent({ ...base, attributes: { 'event.name': 3 } })).toBeNull();
  });

  it("prefers the record's own event name (OTLP LogRecord.event_name)", () => {
    const event = logRecordToTelemetryEvent({
      timeUnixMs: at(5),
      service: 'control',
      attributes: { 'fault.id': 'f1' },
      traceId: '',
      spanId: '',
      eventName: faultEvents.started,
    });
    expect(event).toMatchObject({ name: faultEvents.started, attributes: { 'fault.id': 'f1' } });
  });
});

describe('stringAttribute', () => {
  it('reads strings, stringifies scalars and gives empty for the rest', () => {
    const attrs = { s: 'x', n: 3, b: true, a: ['x'], z: null };
    expect(['s', 'n', 'b', 'a', 'z', 'missing'].map((k) => stringAttribute(attrs, k))).toEqual([
      'x',
      '3',
      'true',
      '',
      '',
      '',
    ]);
  });
});

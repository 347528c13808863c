import { describe, expect, it } from 'vitest';
import { cqrsAttributes, cqrsEvents, faultEvents } from './contracts/conventions';
import type { LogRecord } from './contracts/logs';
import type { MetricPoint } from './contracts/metrics';
import { TraceSearchQuery } from './contracts/trace-search';
import { TelemetryPipeline } from './pipeline';
import { at, fixtureSpan } from './processors/fixture-spans';

const traceId = (n: number) => n.toString(16).padStart(32, '0');

function logRecord(
  attributes: LogRecord['attributes'],
  eventName = '',
  service = 'control',
): LogRecord {
  return {
    service,
    timeUnixMs: at(5),
    severityNumber: 9,
    severityText: 'INFO',
    body: '',
    attributes,
    resourceAttributes: { 'service.name': service },
    traceId: '',
    spanId: '',
    eventName,
  };
}

describe('TelemetryPipeline', () => {
  it('keeps the trace index in step with the span store as it evicts', () => {
    const pipeline = new TelemetryPipeline({ maxSpans: 4, clock: () => at(0) });
    // five traces of two spans each: only the last two fit
    for (let n = 1; n <= 5; n++) {
      pipeline.ingestSpans([
        fixtureSpan({ traceId: traceId(n), id: `r${n}`, kind: 'server', start: n, end: n + 5 }),
        fixtureSpan({ traceId: traceId(n), id: `c${n}`, parent: `r${n}`, start: n, end: n + 1 }),
      ]);
    }
    const found = pipeline.traces.search(TraceSearchQuery.parse({}));
    expect(found.map((t) => t.traceId)).toEqual([traceId(5), traceId(4)]);
    expect(pipeline.traces.size).toBe(2);
    expect(pipeline.store.stats()).toMatchObject({ spans: 4, evictedTraces: 3 });
    expect(pipeline.ingestCounters().spansReceived).toBe(10);
  });

  it('turns event logs into fault windows and passes every record to the log sink', () => {
    const sunk: LogRecord[] = [];
    const pipeline = new TelemetryPipeline({
      maxSpans: 10,
      sinks: { logs: (r) => sunk.push(...r) },
    });
    const fault = { 'fault.id': 'f1', 'fault.kind': 'crash', 'fault.target': 'payments' };
    const applied = pipeline.ingestLogs(
      [
        logRecord({ 'event.name': faultEvents.started, ...fault }),
        logRecord({ msg: 'a plain line' }),
        logRecord(fault, faultEvents.ended), // the record's own event name
      ],
      1,
    );
    expect(applied).toBe(2);
    expect(sunk).toHaveLength(3);
    expect(pipeline.faults.snapshot().history.map((w) => [w.id, w.kind])).toEqual([
      ['f1', 'crash'],
    ]);
    expect(pipeline.ingestCounters()).toMatchObject({
      logRecordsReceived: 3,
      logRecordsRejected: 1,
      eventsReceived: 2,
      eventsApplied: 2,
    });
    expect(pipeline.services.list().map((s) => [s.name, s.spanCount])).toEqual([['control', 0]]);
  });

  it('passes metric points to the metric sink and notes their services', () => {
    const sunk: MetricPoint[] = [];
    const pipeline = new TelemetryPipeline({
      maxSpans: 10,
      clock: () => at(7),
      sinks: { metrics: (p) => sunk.push(...p) },
    });
    const point: MetricPoint = {
      type: 'gauge',
      service: 'ledger',
      name: 'projection.position',
      unit: '',
      attributes: {},
      resourceAttributes: {},
      timeUnixMs: at(6),
      startTimeUnixMs: 0,
      value: 42,
    };
    pipeline.ingestMetrics([point, { ...point, value: 43 }]);
    expect(sunk).toHaveLength(2);
    expect(pipeline.services.list()).toEqual([
      { name: 'ledger', firstSeenUnixMs: at(7), lastSeenUnixMs: at(7), spanCount: 0 },
    ]);
    expect(pipeline.ingestCounters().metricPointsReceived).toBe(2);
  });

  it('feeds metric points to the stores and the CQRS view, and projection events to its state', () => {
    const pipeline = new TelemetryPipeline({ maxSpans: 10, clock: () => at(9), maxLogs: 2 });
    const gauge = (name: string, value: number, attributes = {}): MetricPoint => ({
      type: 'gauge',
      service: 'ledger',
      name,
      unit: '',
      attributes,
      resourceAttributes: {},
      timeUnixMs: at(6),
      startTimeUnixMs: 0,
      value,
    });
    const balances = { [cqrsAttributes.projection]: 'balances' };
    pipeline.ingestMetrics([
      gauge('projection.position', 40, balances),
      gauge('eventstore.position', 50),
    ]);
    pipeline.ingestLogs([logRecord(balances, cqrsEvents.paused, 'ledger')]);
    pipeline.ingestLogs([logRecord({ msg: 'one' }), logRecord({ msg: 'two' })]);
    expect(pipeline.metrics.stats()).toMatchObject({ series: 2, points: 2 });
    expect(pipeline.logs.stats()).toEqual({ records: 2, evicted: 1 });
    expect(pipeline.cqrs.snapshot().projections[0]).toMatchObject({
      key: 'ledger/balances',
      lagEvents: 10,
      state: 'paused',
    });
  });
});

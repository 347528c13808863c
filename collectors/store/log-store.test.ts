import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../contracts/logs';
import { LogStore } from './log-store';

const TRACE = 'ab'.repeat(16);

function log(timeUnixMs: number, overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    service: 'accounts',
    timeUnixMs,
    severityNumber: 9,
    severityText: 'INFO',
    body: `at ${timeUnixMs}`,
    attributes: {},
    resourceAttributes: {},
    traceId: '',
    spanId: '',
    eventName: '',
    ...overrides,
  };
}

describe('LogStore', () => {
  const store = new LogStore(100);
  store.add([
    log(1000),
    log(3000, { traceId: TRACE, severityNumber: 17 }),
    log(2000, { service: 'payments', traceId: TRACE }),
    log(4000, { service: 'payments', severityNumber: 13 }),
  ]);

  it('queries newest first, by trace id (any case), service, time range and severity', () => {
    const times = (records: LogRecord[]) => records.map((r) => r.timeUnixMs);
    expect(times(store.query())).toEqual([4000, 3000, 2000, 1000]);
    expect(times(store.query({ traceId: TRACE.toUpperCase() }))).toEqual([3000, 2000]);
    expect(times(store.query({ service: 'payments' }))).toEqual([4000, 2000]);
    expect(times(store.query({ fromUnixMs: 2000, toUnixMs: 3000 }))).toEqual([3000, 2000]);
    expect(times(store.query({ minSeverity: 13 }))).toEqual([4000, 3000]);
    expect(times(store.query({ service: 'payments', minSeverity: 17 }))).toEqual([]);
  });

  it('limits to the most recently received matches', () => {
    expect(store.query({ limit: 2 }).map((r) => r.timeUnixMs)).toEqual([4000, 2000]);
  });

  it('evicts the oldest records beyond maxRecords and counts them', () => {
    const small = new LogStore(3);
    for (let i = 1; i <= 10; i++) small.add([log(i)]);
    expect(small.query().map((r) => r.timeUnixMs)).toEqual([10, 9, 8]);
    expect(small.stats()).toEqual({ records: 3, evicted: 7 });
  });
});

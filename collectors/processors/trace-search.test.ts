import { describe, expect, it } from 'vitest';
import { TraceSearchQuery, TraceSummary } from '../contracts/trace-search';
import { at } from './fixture-spans';
import { searchFixtureTraces, t1, t2, t3 } from './trace-fixtures';
import { searchTraces, summarizeTrace } from './trace-search';

const query = (input: Record<string, unknown> = {}) => TraceSearchQuery.parse(input);

const traces = searchFixtureTraces;
const ids = (q: Record<string, unknown>) => searchTraces(traces, query(q)).map((s) => s.traceId);

describe('summarizeTrace', () => {
  it('summarises root, span range, errors and services', () => {
    const s = summarizeTrace(t2.spans)!;
    expect(TraceSummary.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      traceId: 't2',
      rootService: 'gateway',
      rootOperation: 'POST /transfer',
      startUnixMs: at(100),
      durationMs: 350, // to the orphan's end at 450
      spanCount: 4,
      errorCount: 1,
      status: 'error',
      services: ['gateway', 'notifications', 'payments'],
    });
    expect(summarizeTrace(t1.spans)!.status).toBe('ok');
    expect(summarizeTrace(t3.spans)!.status).toBe('unset');
    expect(summarizeTrace([])).toBeNull();
  });

  it('takes the earliest orphan as root when the root span is missing', () => {
    const s = summarizeTrace(t2.spans.filter((span) => span.spanId !== 'c'))!;
    expect(s.rootOperation).toBe('POST /pay');
  });
});

describe('searchTraces', () => {
  it('answers newest first and honours the limit', () => {
    expect(ids({})).toEqual(['t3', 't2', 't1']);
    expect(ids({ limit: '2' })).toEqual(['t3', 't2']);
  });

  it('filters by service on any span and by operation of that service', () => {
    expect(ids({ service: 'payments' })).toEqual(['t2']);
    expect(ids({ operation: 'db.query' })).toEqual(['t2']);
    expect(ids({ service: 'gateway', operation: 'db.query' })).toEqual([]);
    expect(ids({ service: 'accounts', operation: 'GET /accounts/:id' })).toEqual(['t1']);
  });

  it('filters by status, duration and start time range', () => {
    expect(ids({ status: 'error' })).toEqual(['t2']);
    expect(ids({ status: 'ok' })).toEqual(['t1']);
    expect(ids({ status: 'unset' })).toEqual(['t3']);
    expect(ids({ minDurationMs: '40' })).toEqual(['t2', 't1']);
    expect(ids({ maxDurationMs: '40' })).toEqual(['t3', 't1']);
    expect(ids({ startUnixMs: String(at(50)), endUnixMs: String(at(150)) })).toEqual(['t2']);
  });

  it('matches attribute filters on any span, span or resource attributes, all required', () => {
    expect(ids({ attribute: 'account.tier=gold' })).toEqual(['t1']);
    expect(ids({ attribute: 'retries=2' })).toEqual(['t2']);
    expect(ids({ attribute: ['db.system=postgresql', 'deployment=blue'] })).toEqual(['t2']);
    expect(ids({ attribute: ['db.system=postgresql', 'account.tier=gold'] })).toEqual([]);
  });

  it('searches bare summaries too, except for attribute filters', () => {
    const summaries = traces.map((t) => summarizeTrace(t.spans)!);
    expect(searchTraces(summaries, query({ service: 'payments' })).map((s) => s.traceId)).toEqual([
      't2',
    ]);
    expect(searchTraces(summaries, query({ attribute: 'retries=2' }))).toEqual([]);
  });
});

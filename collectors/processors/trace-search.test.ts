import { describe, expect, it } from 'vitest';
import { TraceSearchQuery, TraceSummary } from '../contracts/trace-search';
import type { Trace } from '../contracts/traces';
import { at, fixtureSpan } from './fixture-spans';
import { searchTraces, summarizeTrace } from './trace-search';

const query = (input: Record<string, unknown> = {}) => TraceSearchQuery.parse(input);

/*
 * t1 @0     gateway GET /accounts [0 ──── 40] ok
 *             accounts GET /accounts/:id [5 ── 30]        account.tier=gold
 *
 * t2 @100   gateway POST /transfer [100 ───────── 400] unset
 *             payments POST /pay [110 ───────── 390] ERROR   (resource deployment=blue)
 *               payments db.query [120 ─ 130]
 *           (notifications consume [420 ─ 450] arrives as an orphan: its parent span is missing)
 *
 * t3 @200   gateway GET /health [200 ─ 201] unset
 */
const t1: Trace = {
  traceId: 't1',
  spans: [
    fixtureSpan({
      traceId: 't1',
      id: 'a',
      service: 'gateway',
      name: 'GET /accounts',
      start: 0,
      end: 40,
      status: 'ok',
    }),
    fixtureSpan({
      traceId: 't1',
      id: 'b',
      parent: 'a',
      service: 'accounts',
      name: 'GET /accounts/:id',
      start: 5,
      end: 30,
      attributes: { 'account.tier': 'gold' },
    }),
  ],
};
const paySpan = fixtureSpan({
  traceId: 't2',
  id: 'd',
  parent: 'c',
  service: 'payments',
  name: 'POST /pay',
  start: 110,
  end: 390,
  status: 'error',
});
const t2: Trace = {
  traceId: 't2',
  spans: [
    fixtureSpan({
      traceId: 't2',
      id: 'n',
      parent: 'missing',
      service: 'notifications',
      name: 'consume',
      start: 420,
      end: 450,
    }),
    fixtureSpan({
      traceId: 't2',
      id: 'c',
      service: 'gateway',
      name: 'POST /transfer',
      start: 100,
      end: 400,
    }),
    { ...paySpan, resourceAttributes: { ...paySpan.resourceAttributes, deployment: 'blue' } },
    fixtureSpan({
      traceId: 't2',
      id: 'e',
      parent: 'd',
      service: 'payments',
      name: 'db.query',
      start: 120,
      end: 130,
      attributes: { 'db.system': 'postgresql', retries: 2 },
    }),
  ],
};
const t3: Trace = {
  traceId: 't3',
  spans: [
    fixtureSpan({
      traceId: 't3',
      id: 'f',
      service: 'gateway',
      name: 'GET /health',
      start: 200,
      end: 201,
    }),
  ],
};
const traces = [t1, t2, t3];
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

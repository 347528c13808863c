import { describe, expect, it } from 'vitest';
import { TraceSearchQuery } from '../contracts/trace-search';
import type { Span } from '../contracts/traces';
import { at, fixtureSpan } from './fixture-spans';
import { searchFixtureTraces, t2 } from './trace-fixtures';
import { TraceIndex } from './trace-index';
import { searchTraces, summarizeTrace } from './trace-search';

/** An index over a plain map of spans by trace, as the span store would feed it. */
function indexOf(spans: Span[]) {
  const byTrace = new Map<string, Span[]>();
  const index = new TraceIndex((traceId) => byTrace.get(traceId));
  const add = (span: Span) => {
    byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
    index.add(span);
  };
  for (const span of spans) add(span);
  return { index, add, byTrace };
}

const query = (input: Record<string, unknown> = {}) => TraceSearchQuery.parse(input);

// The three traces of trace-fixtures.ts (t2 has an orphan and an error).
const QUERIES: Record<string, unknown>[] = [
  {},
  { limit: '2' },
  { service: 'payments' },
  { operation: 'db.query' },
  { service: 'gateway', operation: 'db.query' },
  { service: 'accounts', operation: 'GET /accounts/:id' },
  { status: 'error' },
  { status: 'ok' },
  { status: 'unset' },
  { minDurationMs: '40' },
  { maxDurationMs: '40' },
  { startUnixMs: String(at(50)), endUnixMs: String(at(150)) },
  { attribute: 'account.tier=gold' },
  { attribute: ['db.system=postgresql', 'deployment=blue'] },
  { attribute: ['db.system=postgresql', 'account.tier=gold'] },
  { service: 'gateway', status: 'unset', limit: '1' },
];

describe('TraceIndex', () => {
  it('answers every query exactly as searchTraces does over whole traces', () => {
    const { index } = indexOf(searchFixtureTraces.flatMap((t) => t.spans));
    for (const q of QUERIES) {
      expect(index.search(query(q)), JSON.stringify(q)).toEqual(
        searchTraces(searchFixtureTraces, query(q)),
      );
    }
  });

  it('keeps summaries up to date as late spans and the root arrive', () => {
    // t2 without its root: the earliest orphan (payments POST /pay) stands in.
    const withoutRoot = t2.spans.filter((s) => s.spanId !== 'c');
    const { index, add } = indexOf(withoutRoot);
    expect(index.summary('t2')).toEqual(summarizeTrace(withoutRoot));
    expect(index.summary('t2')!.rootOperation).toBe('POST /pay');

    add(t2.spans.find((s) => s.spanId === 'c')!);
    expect(index.summary('t2')).toEqual(summarizeTrace(t2.spans));
    expect(index.summary('t2')).toMatchObject({ rootOperation: 'POST /transfer', spanCount: 4 });

    const late = fixtureSpan({ traceId: 't2', id: 'z', parent: 'c', start: 100, end: 900 });
    add(late);
    expect(index.summary('t2')).toMatchObject({ durationMs: 800, spanCount: 5 });
    expect(index.search(query({ minDurationMs: '700' })).map((s) => s.traceId)).toEqual(['t2']);
  });

  it('forgets removed traces', () => {
    const { index } = indexOf(searchFixtureTraces.flatMap((t) => t.spans));
    index.remove('t2');
    expect(index.size).toBe(2);
    expect(index.summary('t2')).toBeUndefined();
    expect(index.search(query({})).map((s) => s.traceId)).toEqual(['t3', 't1']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Span } from '../contracts/traces';
import { SpanStore } from './span-store';

function span(traceNo: number, spanNo: number, startTimeUnixMs = spanNo): Span {
  return {
    traceId: traceNo.toString(16).padStart(32, '0'),
    spanId: spanNo.toString(16).padStart(16, '0'),
    parentSpanId: '',
    name: `span ${spanNo}`,
    kind: 'server',
    service: 'svc',
    startTimeUnixMs,
    durationMs: 1,
    statusCode: 'unset',
    statusMessage: '',
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
  };
}

const id = (traceNo: number) => traceNo.toString(16).padStart(32, '0');

describe('SpanStore', () => {
  it('groups spans by trace id and returns them ordered by start time', () => {
    const store = new SpanStore(10);
    store.add([span(1, 2, 20), span(2, 3), span(1, 1, 10)]);
    expect(store.getTrace(id(1))?.spans.map((s) => s.spanId)).toEqual([
      '0000000000000001',
      '0000000000000002',
    ]);
    expect(store.getTrace(id(3))).toBeUndefined();
    expect(store.stats()).toMatchObject({ traces: 2, spans: 3 });
  });

  it('evicts whole traces, oldest first, to stay within the span limit', () => {
    const store = new SpanStore(5);
    store.add([span(1, 1), span(1, 2), span(2, 3), span(2, 4), span(3, 5)]);
    expect(store.stats()).toMatchObject({ spans: 5, evictedTraces: 0 });

    store.addOne(span(2, 6)); // 6 spans: trace 1 (the oldest) goes, although trace 2 grew
    expect(store.getTrace(id(1))).toBeUndefined();
    expect(store.getTrace(id(2))?.spans).toHaveLength(3);
    expect(store.stats()).toEqual({ traces: 2, spans: 4, evictedTraces: 1, evictedSpans: 2 });

    store.add([span(4, 7), span(4, 8)]); // 6 again: trace 2 goes
    expect(store.getTrace(id(2))).toBeUndefined();
    expect(store.getTrace(id(3))?.spans).toHaveLength(1);
    expect(store.getTrace(id(4))?.spans).toHaveLength(2);
    expect(store.stats()).toEqual({ traces: 2, spans: 3, evictedTraces: 2, evictedSpans: 5 });
  });

  it('never holds more than its limit under a long stream of spans', () => {
    const store = new SpanStore(1000);
    for (let i = 0; i < 50_000; i++) store.addOne(span(Math.floor(i / 7), i));
    expect(store.stats().spans).toBeLessThanOrEqual(1000);
    expect(store.getTrace(id(0))).toBeUndefined();
    expect(store.getTrace(id(Math.floor(49_999 / 7)))).toBeDefined();
  });

  it('refuses a limit below 1', () => {
    expect(() => new SpanStore(0)).toThrow(RangeError);
  });
  it('tells the eviction hook which traces it evicted, and serves spans without a copy', () => {
    const evicted: string[] = [];
    const store = new SpanStore(2, { onEvictTrace: (traceId) => evicted.push(traceId) });
    store.add([span(1, 1), span(2, 2), span(3, 3)]);
    expect(evicted).toEqual([id(1)]);
    expect(store.getSpans(id(1))).toBeUndefined();
    expect(store.getSpans(id(3))?.map((s) => s.spanId)).toEqual([span(3, 3).spanId]);
  });
});

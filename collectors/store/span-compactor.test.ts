import { describe, expect, it } from 'vitest';
import { fixtureSpan } from '../processors/fixture-spans';
import { SpanCompactor } from './span-compactor';

/** A string equal to `text` but built at run time: a distinct copy in memory. */
const copy = (text: string) => [...text].join('');

describe('SpanCompactor', () => {
  it('shares equal short strings and empty arrays without changing the span', () => {
    const compactor = new SpanCompactor();
    const spans = [1, 2].map((n) =>
      fixtureSpan({
        id: `s${n}`,
        name: copy('GET /accounts/:id'),
        start: n,
        end: n + 1,
        attributes: { 'http.request.method': copy('GET'), 'http.response.status_code': 200 },
      }),
    );
    const before = structuredClone(spans);
    for (const span of spans) compactor.compact(span);
    expect(spans).toEqual(before);
    const [a, b] = spans as [(typeof spans)[0], (typeof spans)[0]];
    expect(a.events).toBe(b.events);
    expect(a.links).toBe(b.links);
    expect(Object.isFrozen(a.events)).toBe(true);
    // the same copy: the second span's strings were swapped for the first span's
    expect(compactor.intern(copy('GET'))).toBe(a.attributes['http.request.method']);
    expect(compactor.size).toBe(2); // the name and 'GET'
  });

  it('stays bounded: clears the table when full and leaves long strings alone', () => {
    const compactor = new SpanCompactor({ maxEntries: 100, maxLength: 10 });
    for (let i = 0; i < 10_000; i++) compactor.intern(`v${i}`);
    expect(compactor.size).toBeLessThanOrEqual(100);
    compactor.intern('x'.repeat(11));
    expect(compactor.size).toBeLessThanOrEqual(100);
    expect(compactor.intern('a-long-value')).toBe('a-long-value');
  });

  it('keeps span events and links that exist', () => {
    const compactor = new SpanCompactor();
    const span = fixtureSpan({
      id: 'e',
      start: 0,
      end: 1,
      events: [{ name: 'x', timeUnixMs: 0, attributes: {} }],
    });
    const events = span.events;
    compactor.compact(span);
    expect(span.events).toBe(events);
  });
});

import { describe, expect, it } from 'vitest';
import { tracesAroundHref } from './around-link';
import { searchFromParams } from './search-query';

const searchOf = (href: string) => searchFromParams(new URL(href, 'http://x').searchParams);

describe('tracesAroundHref', () => {
  it('pads a moment on both sides and keeps the service', () => {
    const href = tracesAroundHref({ atUnixMs: 1_000_000, service: 'payments' });
    expect(href).toBe('/traces?service=payments&start=970000&end=1030000');
    const search = searchOf(href);
    expect(search.service).toBe('payments');
    expect(search.range).toEqual({ kind: 'custom', startUnixMs: 970_000, endUnixMs: 1_030_000 });
  });

  it('pads a span of time, in either order, with a chosen padding', () => {
    expect(tracesAroundHref({ fromUnixMs: 5000, toUnixMs: 2000, paddingMs: 1000 })).toBe(
      '/traces?start=1000&end=6000',
    );
  });

  it('never starts before the epoch', () => {
    expect(tracesAroundHref({ atUnixMs: 10 })).toBe('/traces?start=0&end=30010');
  });

  it('falls back to the plain search without a time', () => {
    expect(tracesAroundHref({ service: 'a b' })).toBe('/traces?service=a%20b');
    expect(tracesAroundHref({ atUnixMs: Number.NaN })).toBe('/traces');
  });
});

import { describe, expect, it } from 'vitest';
import { parseTraceSearchQuery } from '../../collectors/contracts';
import {
  DEFAULT_SEARCH,
  fromDatetimeLocal,
  parseDuration,
  rangeBounds,
  searchFromParams,
  searchToApiQuery,
  searchToParams,
  type TraceSearch,
  toDatetimeLocal,
} from './search-query';

const full: TraceSearch = {
  service: 'gateway',
  operation: 'POST /v1/transfers',
  status: 'error',
  minDuration: '100ms',
  maxDuration: '2s',
  attributes: ['http.response.status_code=500', 'url.query=a=b'],
  range: { kind: 'preset', preset: '15m' },
  limit: 50,
};

describe('URL <-> search', () => {
  it('round-trips every field through the URL', () => {
    expect(searchFromParams(new URLSearchParams(searchToParams(full).toString()))).toEqual(full);
    const custom = {
      ...full,
      range: { kind: 'custom', startUnixMs: 1000, endUnixMs: 5000 },
    } as const;
    expect(searchFromParams(searchToParams(custom))).toEqual(custom);
  });

  it('leaves defaults out, so the plain page has a plain URL', () => {
    expect(searchToParams(DEFAULT_SEARCH).toString()).toBe('');
    expect(searchToParams({ ...DEFAULT_SEARCH, service: 'accounts' }).toString()).toBe(
      'service=accounts',
    );
  });

  it('falls back to defaults for values that make no sense', () => {
    const search = searchFromParams(
      new URLSearchParams('status=weird&limit=0&range=3y&attr=novalue&start=5&end=1'),
    );
    expect(search).toEqual(DEFAULT_SEARCH);
    expect(searchFromParams(new URLSearchParams('limit=5000')).limit).toBe(DEFAULT_SEARCH.limit);
  });
});

describe('parseDuration', () => {
  it('reads units, and bare numbers as milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5 s')).toBe(1500);
    expect(parseDuration('800us')).toBe(0.8);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration(' 40 ')).toBe(40);
  });

  it('tells blank (no filter) from unreadable', () => {
    expect(parseDuration('  ')).toBeUndefined();
    expect(parseDuration('fast')).toBeNull();
    expect(parseDuration('-5ms')).toBeNull();
  });
});

describe('searchToApiQuery', () => {
  const now = 1_800_000_000_000;

  it('produces parameters the query API accepts, with the range resolved at search time', () => {
    const result = searchToApiQuery(full, now);
    if (!result.ok) throw new Error(result.error);
    const parsed = parseTraceSearchQuery(result.params);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.query).toMatchObject({
      service: 'gateway',
      operation: 'POST /v1/transfers',
      status: 'error',
      minDurationMs: 100,
      maxDurationMs: 2000,
      attribute: [
        { key: 'http.response.status_code', value: '500' },
        { key: 'url.query', value: 'a=b' },
      ],
      startUnixMs: now - 15 * 60_000,
      endUnixMs: now,
      limit: 50,
    });
  });

  it('refuses unreadable or inverted durations with a message naming the field', () => {
    const bad = searchToApiQuery({ ...DEFAULT_SEARCH, minDuration: 'slow' }, now);
    expect(bad).toEqual({ ok: false, error: expect.stringContaining('Min duration') });
    const inverted = searchToApiQuery(
      { ...DEFAULT_SEARCH, minDuration: '2s', maxDuration: '1s' },
      now,
    );
    expect(inverted.ok).toBe(false);
  });

  it('uses a custom range as given', () => {
    const range = { kind: 'custom', startUnixMs: 10, endUnixMs: 20 } as const;
    expect(rangeBounds(range, now)).toEqual({ startUnixMs: 10, endUnixMs: 20 });
  });
});

describe('datetime-local', () => {
  it('round-trips to the second and refuses other text', () => {
    const ms = new Date(2026, 0, 2, 3, 4, 5).getTime();
    expect(toDatetimeLocal(ms)).toBe('2026-01-02T03:04:05');
    expect(fromDatetimeLocal(toDatetimeLocal(ms))).toBe(ms);
    expect(fromDatetimeLocal('2026-01-02T03:04')).toBe(ms - 5000);
    expect(fromDatetimeLocal('yesterday')).toBeNull();
  });
});

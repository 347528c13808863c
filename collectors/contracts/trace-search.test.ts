import { describe, expect, it } from 'vitest';
import { parseTraceSearchQuery } from './trace-search';

describe('parseTraceSearchQuery', () => {
  it('coerces query-string values and applies defaults', () => {
    const parsed = parseTraceSearchQuery(
      new URLSearchParams(
        'service=payments&minDurationMs=12.5&limit=50&attribute=a=b=c&attribute=tier%3Dgold&operation=',
      ),
    );
    expect(parsed).toEqual({
      ok: true,
      query: {
        service: 'payments',
        status: 'any',
        minDurationMs: 12.5,
        attribute: [
          { key: 'a', value: 'b=c' },
          { key: 'tier', value: 'gold' },
        ],
        limit: 50,
      },
    });
    const empty = parseTraceSearchQuery({});
    expect(empty.ok && empty.query).toEqual({ status: 'any', attribute: [], limit: 20 });
  });

  it('answers clear messages for bad values', () => {
    const parsed = parseTraceSearchQuery(
      new URLSearchParams('status=broken&limit=5000&minDurationMs=abc&attribute=novalue'),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain('status must be one of ok, error, unset, any');
    expect(parsed.error).toContain('limit must be at most 1000');
    expect(parsed.error).toContain('minDurationMs must be a number (milliseconds)');
    expect(parsed.error).toContain('attribute must be key=value');
  });

  it('rejects inverted ranges and repeated single-valued keys', () => {
    const ranges = parseTraceSearchQuery({ minDurationMs: '10', maxDurationMs: '5' });
    expect(!ranges.ok && ranges.error).toBe('minDurationMs must not exceed maxDurationMs');
    const times = parseTraceSearchQuery({ startUnixMs: '10', endUnixMs: '5' });
    expect(!times.ok && times.error).toBe('startUnixMs must not be after endUnixMs');
    const twice = parseTraceSearchQuery(new URLSearchParams('service=a&service=b'));
    expect(!twice.ok && twice.error).toBe('service must be given once, as text');
    const fraction = parseTraceSearchQuery({ limit: '2.5' });
    expect(!fraction.ok && fraction.error).toBe('limit must be a whole number');
  });
});

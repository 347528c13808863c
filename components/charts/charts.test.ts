import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FaultWindow } from '../../collectors/contracts';
import { fetchApi } from './api-fetch';
import { faultBands, faultKey, legendEntries } from './fault-windows';
import { formatCount, formatDuration, formatDurationAxis, formatPercent } from './format';

const fault = (id: string, start: number | null, end: number | null): FaultWindow => ({
  id,
  kind: 'latency',
  target: 'partner-bank',
  service: 'control',
  startedAtUnixMs: start,
  endedAtUnixMs: end,
});

describe('faultBands', () => {
  it('clips windows to the domain, keeps open ends open and drops those outside', () => {
    const bands = faultBands(
      [
        fault('active', 900, null),
        fault('old', 100, 200),
        fault('early', null, 1_100),
        fault('in', 1_200, 1_300),
      ],
      1_000,
      2_000,
    );
    expect(bands.map((b) => [b.label, b.fromUnixMs, b.toUnixMs, b.active])).toEqual([
      ['latency on partner-bank', 1_000, 2_000, true],
      ['latency on partner-bank', 1_000, 1_100, false],
      ['latency on partner-bank', 1_200, 1_300, false],
    ]);
  });

  it('gives a reused fault id one key per window, and the legend one entry per label', () => {
    const again = [fault('f-1', 1_100, 1_200), fault('f-1', 1_500, null)];
    const bands = faultBands(again, 1_000, 2_000);
    expect(new Set(bands.map((b) => b.id)).size).toBe(2);
    expect(faultKey(again[0] as FaultWindow)).not.toBe(faultKey(again[1] as FaultWindow));
    expect(legendEntries(bands)).toEqual([
      { label: 'latency on partner-bank', count: 2, active: true },
    ]);
  });

  it('draws nothing on an empty domain', () => {
    expect(faultBands([fault('a', 0, null)], 5, 5)).toEqual([]);
  });
});

describe('format', () => {
  it('picks units for durations', () => {
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(43.21)).toBe('43.2 ms');
    expect(formatDuration(1_500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDurationAxis(390_000)).toBe('6.5m');
    expect(formatDurationAxis(0)).toBe('0');
  });

  it('compacts counts and percentages, with a dash when unknown', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(65_800)).toBe('65.8k');
    expect(formatCount(null)).toBe('–');
    expect(formatPercent(3.125)).toBe('3.1%');
    expect(formatPercent(16.4)).toBe('16%');
    expect(formatPercent(null)).toBe('–');
  });
});

describe('fetchApi', () => {
  const schema = z.object({ n: z.number() });
  const answer =
    (status: number, body: unknown): typeof fetch =>
    async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });

  it('parses a good answer', async () => {
    expect(await fetchApi('/x', schema, { fetchImpl: answer(200, { n: 1 }) })).toEqual({
      ok: true,
      data: { n: 1 },
    });
  });

  it('reports the API error text and 404 as not found', async () => {
    const result = await fetchApi('/x', schema, {
      fetchImpl: answer(404, { error: 'no such saga' }),
    });
    expect(result).toEqual({ ok: false, status: 404, message: '404 no such saga', notFound: true });
  });

  it('reports a contract violation and a network failure without throwing', async () => {
    const bad = await fetchApi('/x', schema, { fetchImpl: answer(200, { n: 'one' }) });
    expect(bad.ok === false && bad.message).toContain('n:');
    const down = await fetchApi('/x', schema, {
      fetchImpl: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(down).toMatchObject({
      ok: false,
      status: null,
      message: 'request failed: fetch failed',
    });
  });
});

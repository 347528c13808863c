import { describe, expect, it } from 'vitest';
import type { FaultWindow } from '../../collectors/contracts';
import { faultBands } from '../charts/fault-windows';
import { faultDurationMs, faultTracesHref, groupByLabel, stripDomain } from './fault-list';

const fault = (
  id: string,
  kind: string,
  start: number | null,
  end: number | null,
): FaultWindow => ({
  id,
  kind,
  target: 'partner-bank',
  service: 'control',
  startedAtUnixMs: start,
  endedAtUnixMs: end,
});

describe('fault list helpers', () => {
  it('measures ended and active faults, and not faults whose start was missed', () => {
    expect(faultDurationMs(fault('a', 'latency', 1_000, 4_000), 9_000)).toBe(3_000);
    expect(faultDurationMs(fault('b', 'latency', 1_000, null), 9_000)).toBe(8_000);
    expect(faultDurationMs(fault('c', 'latency', null, 4_000), 9_000)).toBeNull();
  });

  it('links to the reporting service’s traces during the fault, padded by 5 s', () => {
    expect(faultTracesHref(fault('a', 'latency', 10_000, 20_000), 0)).toBe(
      '/traces?service=control&start=5000&end=25000',
    );
    // An active fault runs to now.
    expect(faultTracesHref(fault('c', 'latency', 10_000, null), 30_000)).toBe(
      '/traces?service=control&start=5000&end=35000',
    );
    expect(faultTracesHref(fault('b', 'latency', null, null), 0)).toBeNull();
  });

  it('shows at least the last minute and at most 15 minutes', () => {
    const now = 10_000_000;
    expect(stripDomain([], now)).toEqual([now - 60_000, now]);
    expect(stripDomain([fault('a', 'x', now - 120_000, null)], now)).toEqual([now - 120_000, now]);
    expect(stripDomain([fault('a', 'x', 0, 1)], now)).toEqual([now - 900_000, now]);
  });

  it('puts every window of one kind of fault on one row', () => {
    const bands = faultBands(
      [fault('1', 'latency', 10, 20), fault('2', 'abort', 15, 30), fault('3', 'latency', 40, null)],
      0,
      100,
    );
    expect(groupByLabel(bands).map((row) => [row.label, row.bands.length])).toEqual([
      ['abort on partner-bank', 1],
      ['latency on partner-bank', 2],
    ]);
  });
});

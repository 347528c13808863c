import { describe, expect, it } from 'vitest';
import { criticalShareMs, sectionsBySpan } from './critical-path';
import { SERVICE_PALETTE, serviceColor } from './service-colors';
import { withUniqueKeys } from './unique-keys';
import { rowWindow, scrollTopFor } from './virtual-window';

describe('sectionsBySpan', () => {
  it('groups the path by span, dropping empty sections', () => {
    const bySpan = sectionsBySpan({
      traceId: 't',
      rootSpanId: 'r',
      segments: [
        { spanId: 'r', startUnixMs: 0, endUnixMs: 5 },
        { spanId: 'c', startUnixMs: 5, endUnixMs: 90 },
        { spanId: 'x', startUnixMs: 90, endUnixMs: 90 },
        { spanId: 'r', startUnixMs: 90, endUnixMs: 100 },
      ],
    });
    expect([...bySpan.keys()]).toEqual(['r', 'c']);
    expect(criticalShareMs(bySpan.get('r'))).toBe(15);
    expect(criticalShareMs(bySpan.get('nope'))).toBe(0);
    expect(sectionsBySpan(null).size).toBe(0);
  });
});

describe('serviceColor', () => {
  it('is stable per name and comes from the palette', () => {
    expect(serviceColor('gateway')).toBe(serviceColor('gateway'));
    expect(SERVICE_PALETTE).toContain(serviceColor('accounts'));
  });

  it('tells the demo bank services apart', () => {
    const services = [
      'gateway',
      'accounts',
      'payments',
      'kyc',
      'lending',
      'wealth',
      'notifications',
      'partner-bank',
    ];
    expect(new Set(services.map(serviceColor)).size).toBe(services.length);
  });
});

describe('rowWindow', () => {
  it('renders the visible rows plus overscan, with spacers for the rest', () => {
    // 1000 rows of 20 px, scrolled to row 100, 200 px viewport (10 rows).
    expect(rowWindow(1000, 20, 2000, 200, 5)).toEqual({
      start: 95,
      end: 116,
      padTop: 1900,
      padBottom: (1000 - 116) * 20,
    });
  });

  it('clamps at both ends and handles empty lists', () => {
    expect(rowWindow(3, 20, 0, 500, 5)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(rowWindow(0, 20, 0, 500)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});

describe('scrollTopFor', () => {
  it('keeps the scroll position when the row is visible, else puts it a third down', () => {
    expect(scrollTopFor(5, 20, 0, 300)).toBe(0);
    expect(scrollTopFor(100, 20, 0, 300)).toBe(2000 - 100);
    expect(scrollTopFor(1, 20, 500, 300)).toBe(0);
  });
});

describe('withUniqueKeys', () => {
  it('numbers repeated content so every key is unique', () => {
    const keyed = withUniqueKeys(['a', 'b', 'a', 'a'], (s) => s);
    expect(keyed.map((k) => k.key)).toEqual(['a', 'b', 'a#1', 'a#2']);
    expect(keyed.map((k) => k.item)).toEqual(['a', 'b', 'a', 'a']);
  });
});

import { describe, expect, it } from 'vitest';
import type { GaugePoint, MetricPoint } from '../contracts/metrics';
import { MetricStore } from './metric-store';

function gauge(
  value: number,
  timeUnixMs: number,
  attributes: GaugePoint['attributes'] = {},
  overrides: Partial<GaugePoint> = {},
): MetricPoint {
  return {
    type: 'gauge',
    service: 'payments',
    name: 'queue.depth',
    unit: '{message}',
    attributes,
    resourceAttributes: { 'service.name': 'payments' },
    timeUnixMs,
    startTimeUnixMs: 0,
    value,
    ...overrides,
  };
}

describe('MetricStore', () => {
  it('groups points into series by service, name and attributes in any key order', () => {
    const store = new MetricStore();
    store.add([
      gauge(1, 1000, { a: '1', b: '2' }),
      gauge(2, 2000, { b: '2', a: '1' }),
      gauge(3, 1500, { a: 'other' }),
      gauge(4, 1000, {}, { service: 'accounts' }),
    ]);
    expect(store.stats()).toEqual({ series: 3, points: 4, evictedSeries: 0 });
    const series = store.query({ name: 'queue.depth', service: 'payments' });
    expect(series.map((s) => s.points.map((p) => (p as GaugePoint).value))).toEqual([[1, 2], [3]]);
    expect(series[0]?.attributes).toEqual({ a: '1', b: '2' });
  });

  it('answers the latest value per series and points in a time range, oldest first', () => {
    const store = new MetricStore();
    store.add([gauge(5, 3000), gauge(4, 1000), gauge(6, 2000), gauge(9, 500, { q: 'x' })]);
    expect(store.latest('queue.depth').map((p) => (p as GaugePoint).value)).toEqual([5, 9]);
    expect(store.latest('queue.depth', 'accounts')).toEqual([]);
    const [series] = store.query({ name: 'queue.depth', fromUnixMs: 1000, toUnixMs: 2000 });
    expect(series?.points.map((p) => p.timeUnixMs)).toEqual([1000, 2000]);
    expect(store.query({ name: 'queue.depth', fromUnixMs: 10_000 })).toEqual([]);
  });

  it('keeps the last N points per series', () => {
    const store = new MetricStore({ maxPointsPerSeries: 3 });
    for (let i = 1; i <= 5; i++) store.addOne(gauge(i, i * 1000));
    const [series] = store.query({ name: 'queue.depth' });
    expect(series?.points.map((p) => (p as GaugePoint).value)).toEqual([3, 4, 5]);
    expect(store.stats().points).toBe(3);
  });

  it('evicts the least recently updated series beyond maxSeries', () => {
    const store = new MetricStore({ maxSeries: 2 });
    store.addOne(gauge(1, 1000, { s: 'a' }));
    store.addOne(gauge(1, 1000, { s: 'b' }));
    store.addOne(gauge(2, 2000, { s: 'a' })); // a is now the most recently updated
    store.addOne(gauge(1, 3000, { s: 'c' })); // evicts b
    const kept = store.latest('queue.depth').map((p) => p.attributes.s);
    expect(kept.sort()).toEqual(['a', 'c']);
    expect(store.stats()).toEqual({ series: 2, points: 3, evictedSeries: 1 });
  });

  it('stays bounded under sustained ingest of new series', () => {
    const store = new MetricStore({ maxSeries: 100, maxPointsPerSeries: 5 });
    for (let i = 0; i < 20_000; i++) store.addOne(gauge(i, i, { id: String(i % 1000) }));
    expect(store.stats().series).toBe(100);
    expect(store.stats().points).toBeLessThanOrEqual(500);
  });

  it('rejects invalid limits', () => {
    expect(() => new MetricStore({ maxSeries: 0 })).toThrow(RangeError);
  });
});

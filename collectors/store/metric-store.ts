import type { MetricPoint, MetricQuery, MetricSeries, MetricType } from '../contracts/metrics';
import type { Attributes } from '../contracts/traces';
import { RingBuffer } from './ring-buffer';

export interface MetricStoreOptions {
  /** Series kept; beyond it the least recently updated series is evicted. */
  maxSeries: number;
  /** Points kept per series; beyond it the oldest point of the series is dropped. */
  maxPointsPerSeries: number;
}

export const DEFAULT_METRIC_STORE_OPTIONS: MetricStoreOptions = {
  maxSeries: 2_000,
  maxPointsPerSeries: 60,
};

export interface MetricStoreStats {
  series: number;
  points: number;
  /** Series evicted to stay within maxSeries since start. */
  evictedSeries: number;
}

interface Series {
  service: string;
  name: string;
  unit: string;
  type: MetricType;
  attributes: Attributes;
  points: RingBuffer<MetricPoint>;
}

/** Identity of a series: service, metric name, type and the point attributes, sorted by key. */
function seriesKey(point: MetricPoint): string {
  const attributes = Object.keys(point.attributes)
    .sort()
    .map((key) => [key, point.attributes[key]]);
  return JSON.stringify([point.service, point.name, point.type, attributes]);
}

/**
 * Metric points grouped into series, bounded twice: each series keeps its last
 * `maxPointsPerSeries` points (a ring), and at most `maxSeries` series are kept, evicting the
 * one updated least recently. A Map keeps insertion order, and an update re-inserts its series,
 * so the least recently updated series is always the first key: every add is O(1) amortised
 * (plus the key's attribute sort).
 */
export class MetricStore {
  private readonly series = new Map<string, Series>();
  private pointCount = 0;
  private evictedSeries = 0;
  readonly options: MetricStoreOptions;

  constructor(options: Partial<MetricStoreOptions> = {}) {
    this.options = { ...DEFAULT_METRIC_STORE_OPTIONS, ...options };
    for (const [name, value] of Object.entries(this.options)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
      }
    }
  }

  add(points: Iterable<MetricPoint>): void {
    for (const point of points) this.addOne(point);
  }

  addOne(point: MetricPoint): void {
    const key = seriesKey(point);
    let series = this.series.get(key);
    if (series) {
      this.series.delete(key); // re-inserted below: now the most recently updated
    } else {
      series = {
        service: point.service,
        name: point.name,
        unit: point.unit,
        type: point.type,
        attributes: point.attributes,
        points: new RingBuffer(this.options.maxPointsPerSeries),
      };
    }
    this.series.set(key, series);
    if (series.points.push(point) === undefined) this.pointCount++;
    while (this.series.size > this.options.maxSeries) this.evictOldest();
  }

  /** The most recent point (by time) of every series of `name`, optionally of one service. */
  latest(name: string, service?: string): MetricPoint[] {
    const latest: MetricPoint[] = [];
    for (const series of this.matching(name, service)) {
      let newest: MetricPoint | undefined;
      for (const point of series.points) {
        if (!newest || point.timeUnixMs >= newest.timeUnixMs) newest = point;
      }
      if (newest) latest.push(newest);
    }
    return latest;
  }

  /** Series of `query.name` (and service) with their points in [from, to], oldest first. */
  query({ name, service, fromUnixMs, toUnixMs }: MetricQuery): MetricSeries[] {
    const from = fromUnixMs ?? Number.NEGATIVE_INFINITY;
    const to = toUnixMs ?? Number.POSITIVE_INFINITY;
    const result: MetricSeries[] = [];
    for (const series of this.matching(name, service)) {
      const points = [...series.points]
        .filter((p) => p.timeUnixMs >= from && p.timeUnixMs <= to)
        .sort((a, b) => a.timeUnixMs - b.timeUnixMs);
      if (points.length === 0) continue;
      const { service: s, name: n, unit, type, attributes } = series;
      result.push({ service: s, name: n, unit, type, attributes, points });
    }
    return result;
  }

  /** Every metric name seen per service (for pickers), sorted. */
  names(): { service: string; name: string; type: MetricType; unit: string }[] {
    const seen = new Map<
      string,
      { service: string; name: string; type: MetricType; unit: string }
    >();
    for (const { service, name, type, unit } of this.series.values()) {
      seen.set(JSON.stringify([service, name, type]), { service, name, type, unit });
    }
    return [...seen.values()].sort(
      (a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name),
    );
  }

  stats(): MetricStoreStats {
    return { series: this.series.size, points: this.pointCount, evictedSeries: this.evictedSeries };
  }

  private *matching(name: string, service: string | undefined): Iterable<Series> {
    for (const series of this.series.values()) {
      if (series.name === name && (service === undefined || series.service === service)) {
        yield series;
      }
    }
  }

  private evictOldest(): void {
    const oldest = this.series.entries().next();
    if (oldest.done) return;
    const [key, series] = oldest.value;
    this.series.delete(key);
    this.pointCount -= series.points.size;
    this.evictedSeries++;
  }
}

import { z } from 'zod';
import { blankToUndefined, optionalText, optionalUnixMs, timeRangeInOrder } from './query-params';
import { Attributes } from './traces';

/**
 * OTLP metric data points as the collectors carry them after decoding: one flat record per data
 * point, whatever the metric type, with the metric's identity (service, name, unit) repeated.
 * Timestamps are milliseconds since the Unix epoch (converted once, at the receiver).
 */

export const MetricType = z.enum(['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary']);
export type MetricType = z.infer<typeof MetricType>;

export const AggregationTemporality = z.enum(['unspecified', 'delta', 'cumulative']);
export type AggregationTemporality = z.infer<typeof AggregationTemporality>;

const PointBase = z.object({
  /** `service.name` of the resource that emitted the point. */
  service: z.string(),
  name: z.string(),
  /** UCUM unit as sent ('' when none), e.g. "ms", "By", "{request}". */
  unit: z.string(),
  attributes: Attributes,
  resourceAttributes: Attributes,
  timeUnixMs: z.number(),
  /** Start of the aggregation interval; 0 when unknown (always for gauges). */
  startTimeUnixMs: z.number(),
});

export const GaugePoint = PointBase.extend({ type: z.literal('gauge'), value: z.number() });

export const SumPoint = PointBase.extend({
  type: z.literal('sum'),
  value: z.number(),
  temporality: AggregationTemporality,
  monotonic: z.boolean(),
});

/** Statistics every histogram-like point carries; sum/min/max are null when not sent. */
const Distribution = {
  count: z.number().nonnegative(),
  sum: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
};

export const HistogramPoint = PointBase.extend({
  type: z.literal('histogram'),
  temporality: AggregationTemporality,
  ...Distribution,
  /** bucketCounts[i] counts values in (explicitBounds[i-1], explicitBounds[i]]. */
  bucketCounts: z.array(z.number()),
  explicitBounds: z.array(z.number()),
});

export const ExponentialBuckets = z.object({
  offset: z.number().int(),
  bucketCounts: z.array(z.number()),
});
export type ExponentialBuckets = z.infer<typeof ExponentialBuckets>;

export const ExponentialHistogramPoint = PointBase.extend({
  type: z.literal('exponential_histogram'),
  temporality: AggregationTemporality,
  ...Distribution,
  scale: z.number().int(),
  zeroCount: z.number(),
  positive: ExponentialBuckets,
  negative: ExponentialBuckets,
});

export const SummaryPoint = PointBase.extend({
  type: z.literal('summary'),
  count: z.number().nonnegative(),
  sum: z.number(),
  quantiles: z.array(z.object({ quantile: z.number(), value: z.number() })),
});

export const MetricPoint = z.discriminatedUnion('type', [
  GaugePoint,
  SumPoint,
  HistogramPoint,
  ExponentialHistogramPoint,
  SummaryPoint,
]);
export type MetricPoint = z.infer<typeof MetricPoint>;
export type GaugePoint = z.infer<typeof GaugePoint>;
export type SumPoint = z.infer<typeof SumPoint>;
export type HistogramPoint = z.infer<typeof HistogramPoint>;
export type ExponentialHistogramPoint = z.infer<typeof ExponentialHistogramPoint>;
export type SummaryPoint = z.infer<typeof SummaryPoint>;

/** A metric series: one service's metric with one set of point attributes. */
export const MetricSeries = z.object({
  service: z.string(),
  name: z.string(),
  unit: z.string(),
  type: MetricType,
  attributes: Attributes,
  /** Retained points, oldest first. */
  points: z.array(MetricPoint),
});
export type MetricSeries = z.infer<typeof MetricSeries>;

/**
 * GET /api/v1/metrics/series (and the metric store's query): the series of one metric name,
 * optionally of one service, with their points in [fromUnixMs, toUnixMs], oldest first.
 */
export const MetricQuery = z
  .strictObject({
    name: z.preprocess(
      blankToUndefined,
      z.string({ error: 'name is required: the metric name, e.g. projection.position' }).trim(),
    ),
    service: optionalText('service'),
    fromUnixMs: optionalUnixMs('fromUnixMs'),
    toUnixMs: optionalUnixMs('toUnixMs'),
  })
  .refine(...timeRangeInOrder);
export type MetricQuery = z.infer<typeof MetricQuery>;

export const MetricSeriesResponse = z.object({ series: z.array(MetricSeries) });
export type MetricSeriesResponse = z.infer<typeof MetricSeriesResponse>;

/** One metric a service sent. */
export const MetricName = z.object({
  service: z.string(),
  name: z.string(),
  type: MetricType,
  unit: z.string(),
});
export type MetricName = z.infer<typeof MetricName>;

/** GET /api/v1/metrics/names: every metric held, sorted by service then name. */
export const MetricNamesResponse = z.object({ names: z.array(MetricName) });
export type MetricNamesResponse = z.infer<typeof MetricNamesResponse>;

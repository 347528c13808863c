import { z } from 'zod';
import { asDecodeError } from './decode-error';
import { Attributes, Double, Enum, Int64, Integer, ResourceJson, UInt64 } from './json-schema';
import { jsonAttributes, jsonNanos, jsonNumber, parseOtlpJson } from './json-values';
import {
  type DecodedMetrics,
  MetricCollector,
  type RawMetric,
  type RawMetricData,
  type RawPointCommon,
} from './metric-record';

/**
 * The shape of an OTLP/JSON ExportMetricsServiceRequest (see json-schema.ts for the mapping
 * rules: every field optional, unknown fields ignored, 64-bit integers as strings or numbers).
 */
const PointCommon = {
  attributes: Attributes,
  startTimeUnixNano: UInt64.optional(),
  timeUnixNano: UInt64.optional(),
};
const Distribution = {
  count: UInt64.optional(),
  sum: Double.optional(),
  min: Double.optional(),
  max: Double.optional(),
};
const Points = <T extends z.ZodType>(point: T) => z.array(point).optional();

const NumberPointJson = z.object({
  ...PointCommon,
  asDouble: Double.optional(),
  asInt: Int64.optional(),
});
const HistogramPointJson = z.object({
  ...PointCommon,
  ...Distribution,
  bucketCounts: z.array(UInt64).optional(),
  explicitBounds: z.array(Double).optional(),
});
const BucketsJson = z
  .object({ offset: Integer.optional(), bucketCounts: z.array(UInt64).optional() })
  .optional();
const ExponentialPointJson = z.object({
  ...PointCommon,
  ...Distribution,
  scale: Integer.optional(),
  zeroCount: UInt64.optional(),
  positive: BucketsJson,
  negative: BucketsJson,
});
const SummaryPointJson = z.object({
  ...PointCommon,
  count: UInt64.optional(),
  sum: Double.optional(),
  quantileValues: z
    .array(z.object({ quantile: Double.optional(), value: Double.optional() }))
    .optional(),
});

const MetricJson = z.object({
  name: z.string().optional(),
  unit: z.string().optional(),
  gauge: z.object({ dataPoints: Points(NumberPointJson) }).optional(),
  sum: z
    .object({
      dataPoints: Points(NumberPointJson),
      aggregationTemporality: Enum.optional(),
      isMonotonic: z.boolean().optional(),
    })
    .optional(),
  histogram: z
    .object({ dataPoints: Points(HistogramPointJson), aggregationTemporality: Enum.optional() })
    .optional(),
  exponentialHistogram: z
    .object({ dataPoints: Points(ExponentialPointJson), aggregationTemporality: Enum.optional() })
    .optional(),
  summary: z.object({ dataPoints: Points(SummaryPointJson) }).optional(),
});
type MetricJson = z.infer<typeof MetricJson>;

export const ExportMetricsServiceRequestJson = z.object({
  resourceMetrics: z
    .array(
      z.object({
        resource: ResourceJson,
        scopeMetrics: z.array(z.object({ metrics: z.array(MetricJson).optional() })).optional(),
      }),
    )
    .optional(),
});

/**
 * Decodes an OTLP/JSON ExportMetricsServiceRequest (UTF-8 bytes or text) into metric points.
 * Invalid JSON or a document of the wrong shape throws OtlpDecodeError; invalid data points are
 * counted as rejected.
 */
export function decodeMetricsRequestJson(body: Uint8Array | string): DecodedMetrics {
  const request = parseOtlpJson(body, ExportMetricsServiceRequestJson);
  return asDecodeError('invalid OTLP/JSON', () => {
    const collector = new MetricCollector();
    for (const resourceMetrics of request.resourceMetrics ?? []) {
      const metrics: RawMetric[] = [];
      for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
        for (const metric of scopeMetrics.metrics ?? []) {
          metrics.push({ name: metric.name ?? '', unit: metric.unit ?? '', data: toData(metric) });
        }
      }
      collector.addResourceMetrics(jsonAttributes(resourceMetrics.resource?.attributes), metrics);
    }
    return collector.result();
  });
}

function common(point: z.infer<z.ZodObject<typeof PointCommon>>): RawPointCommon {
  return {
    attributes: jsonAttributes(point.attributes),
    start: jsonNanos(point.startTimeUnixNano),
    time: jsonNanos(point.timeUnixNano),
  };
}

function distribution(point: z.infer<z.ZodObject<typeof Distribution>>) {
  return {
    count: jsonNumber(point.count) ?? 0,
    sum: jsonNumber(point.sum) ?? null,
    min: jsonNumber(point.min) ?? null,
    max: jsonNumber(point.max) ?? null,
  };
}

const numbers = (values: readonly (string | number)[] | undefined) => (values ?? []).map(Number);

function numberPoint(point: z.infer<typeof NumberPointJson>) {
  return { ...common(point), value: jsonNumber(point.asDouble ?? point.asInt) };
}

/** The oneof `data`: the first of gauge, sum, histogram, exponentialHistogram, summary. */
function toData(metric: MetricJson): RawMetricData {
  if (metric.gauge) {
    return { type: 'gauge', points: (metric.gauge.dataPoints ?? []).map(numberPoint) };
  }
  if (metric.sum) {
    return {
      type: 'sum',
      temporality: metric.sum.aggregationTemporality ?? 0,
      monotonic: metric.sum.isMonotonic ?? false,
      points: (metric.sum.dataPoints ?? []).map(numberPoint),
    };
  }
  if (metric.histogram) {
    return {
      type: 'histogram',
      temporality: metric.histogram.aggregationTemporality ?? 0,
      points: (metric.histogram.dataPoints ?? []).map((p) => ({
        ...common(p),
        ...distribution(p),
        bucketCounts: numbers(p.bucketCounts),
        explicitBounds: numbers(p.explicitBounds),
      })),
    };
  }
  if (metric.exponentialHistogram) {
    return {
      type: 'exponential_histogram',
      temporality: metric.exponentialHistogram.aggregationTemporality ?? 0,
      points: (metric.exponentialHistogram.dataPoints ?? []).map((p) => ({
        ...common(p),
        ...distribution(p),
        scale: p.scale ?? 0,
        zeroCount: jsonNumber(p.zeroCount) ?? 0,
        positive: {
          offset: p.positive?.offset ?? 0,
          bucketCounts: numbers(p.positive?.bucketCounts),
        },
        negative: {
          offset: p.negative?.offset ?? 0,
          bucketCounts: numbers(p.negative?.bucketCounts),
        },
      })),
    };
  }
  if (metric.summary) {
    return {
      type: 'summary',
      points: (metric.summary.dataPoints ?? []).map((p) => ({
        ...common(p),
        count: jsonNumber(p.count) ?? 0,
        sum: jsonNumber(p.sum) ?? 0,
        quantiles: (p.quantileValues ?? []).map((q) => ({
          quantile: jsonNumber(q.quantile) ?? 0,
          value: jsonNumber(q.value) ?? 0,
        })),
      })),
    };
  }
  return { type: 'none' };
}

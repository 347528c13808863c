import type {
  AggregationTemporality,
  ExponentialHistogramPoint,
  HistogramPoint,
  MetricPoint,
  SummaryPoint,
} from '../contracts/metrics';
import type { Attributes } from '../contracts/traces';
import { RejectionCounter } from './rejections';
import { serviceOf } from './span-record';
import { nanosToUnixMs, type UnixNanos } from './unix-nanos';

/**
 * What both metric decoders (protobuf and JSON) produce before validation: one RawMetric per
 * OTLP Metric, its points with nanosecond timestamps and wire enums.
 */
export interface RawPointCommon {
  attributes: Attributes;
  start: UnixNanos;
  time: UnixNanos;
}

export interface RawNumberPoint extends RawPointCommon {
  /** Undefined when neither as_double nor as_int was sent (an invalid point). */
  value: number | undefined;
}

export type RawHistogramPoint = RawPointCommon &
  Pick<HistogramPoint, 'count' | 'sum' | 'min' | 'max' | 'bucketCounts' | 'explicitBounds'>;

export type RawExponentialHistogramPoint = RawPointCommon &
  Pick<
    ExponentialHistogramPoint,
    'count' | 'sum' | 'min' | 'max' | 'scale' | 'zeroCount' | 'positive' | 'negative'
  >;

export type RawSummaryPoint = RawPointCommon & Pick<SummaryPoint, 'count' | 'sum' | 'quantiles'>;

export type RawMetricData =
  | { type: 'none' }
  | { type: 'gauge'; points: RawNumberPoint[] }
  | { type: 'sum'; temporality: number; monotonic: boolean; points: RawNumberPoint[] }
  | { type: 'histogram'; temporality: number; points: RawHistogramPoint[] }
  | { type: 'exponential_histogram'; temporality: number; points: RawExponentialHistogramPoint[] }
  | { type: 'summary'; points: RawSummaryPoint[] };

export interface RawMetric {
  name: string;
  unit: string;
  data: RawMetricData;
}

/** Result of decoding one ExportMetricsServiceRequest (OTLP partial success semantics). */
export interface DecodedMetrics {
  points: MetricPoint[];
  /** Data points dropped because they were invalid (no timestamp, no value...). */
  rejectedDataPoints: number;
  /** Why points were rejected; empty when none were. */
  errorMessage: string;
}

const TEMPORALITIES: readonly AggregationTemporality[] = ['unspecified', 'delta', 'cumulative'];

function temporalityOf(wire: number): AggregationTemporality {
  return TEMPORALITIES[wire] ?? 'unspecified';
}

type PointBase = Pick<
  MetricPoint,
  | 'service'
  | 'name'
  | 'unit'
  | 'attributes'
  | 'resourceAttributes'
  | 'timeUnixMs'
  | 'startTimeUnixMs'
>;

interface MetricContext {
  service: string;
  name: string;
  unit: string;
  resourceAttributes: Attributes;
}

const NO_VALUE = 'number data point has no value';
const BAD_BUCKETS = 'bucket_counts must have one more element than explicit_bounds';

/** Collects the valid data points of one request and counts the rejected ones. */
export class MetricCollector {
  readonly points: MetricPoint[] = [];
  private readonly rejections = new RejectionCounter('data point');

  /** Adds the metrics of one ResourceMetrics, now that its resource is known. */
  addResourceMetrics(resourceAttributes: Attributes, metrics: readonly RawMetric[]): void {
    const service = serviceOf(resourceAttributes);
    for (const { name, unit, data } of metrics) {
      const context: MetricContext = { service, name, unit, resourceAttributes };
      switch (data.type) {
        case 'gauge':
          for (const p of data.points) {
            this.add(context, p, p.value === undefined ? NO_VALUE : undefined, (base) => ({
              ...base,
              type: 'gauge',
              value: p.value ?? 0,
            }));
          }
          break;
        case 'sum':
          for (const p of data.points) {
            this.add(context, p, p.value === undefined ? NO_VALUE : undefined, (base) => ({
              ...base,
              type: 'sum',
              value: p.value ?? 0,
              temporality: temporalityOf(data.temporality),
              monotonic: data.monotonic,
            }));
          }
          break;
        case 'histogram':
          for (const p of data.points) {
            const badBuckets =
              p.bucketCounts.length > 0 && p.bucketCounts.length !== p.explicitBounds.length + 1;
            this.add(context, p, badBuckets ? BAD_BUCKETS : undefined, (base) => ({
              ...base,
              type: 'histogram',
              temporality: temporalityOf(data.temporality),
              count: p.count,
              sum: p.sum,
              min: p.min,
              max: p.max,
              bucketCounts: p.bucketCounts,
              explicitBounds: p.explicitBounds,
            }));
          }
          break;
        case 'exponential_histogram':
          for (const p of data.points) {
            this.add(context, p, undefined, (base) => ({
              ...base,
              type: 'exponential_histogram',
              temporality: temporalityOf(data.temporality),
              count: p.count,
              sum: p.sum,
              min: p.min,
              max: p.max,
              scale: p.scale,
              zeroCount: p.zeroCount,
              positive: p.positive,
              negative: p.negative,
            }));
          }
          break;
        case 'summary':
          for (const p of data.points) {
            this.add(context, p, undefined, (base) => ({
              ...base,
              type: 'summary',
              count: p.count,
              sum: p.sum,
              quantiles: p.quantiles,
            }));
          }
          break;
        default:
          break; // a Metric without data carries no points
      }
    }
  }

  result(): DecodedMetrics {
    return {
      points: this.points,
      rejectedDataPoints: this.rejections.count,
      errorMessage: this.rejections.message(),
    };
  }

  private add(
    context: MetricContext,
    raw: RawPointCommon,
    pointReason: string | undefined,
    build: (base: PointBase) => MetricPoint,
  ): void {
    const reason =
      context.name === ''
        ? 'metric name must not be empty'
        : raw.time.hi === 0 && raw.time.lo === 0
          ? 'time_unix_nano must be set'
          : pointReason;
    if (reason) {
      this.rejections.reject(reason);
      return;
    }
    this.points.push(
      build({
        service: context.service,
        name: context.name,
        unit: context.unit,
        attributes: raw.attributes,
        resourceAttributes: context.resourceAttributes,
        timeUnixMs: nanosToUnixMs(raw.time),
        startTimeUnixMs: nanosToUnixMs(raw.start),
      }),
    );
  }
}

import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { Writer } from 'protobufjs/minimal';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricPoint } from '../contracts/metrics';
import { OtlpDecodeError } from './decode-error';
import type { DecodedMetrics } from './metric-record';
import { decodeMetricsRequestJson } from './metrics-json-decoder';
import { decodeMetricsRequestProtobuf } from './metrics-protobuf-decoder';
import { collectSdkMetrics, METRIC_RESOURCE } from './test-support/sdk-metrics';

let fromProtobuf: DecodedMetrics;
let fromJson: DecodedMetrics;

beforeAll(async () => {
  const metrics = await collectSdkMetrics();
  fromProtobuf = decodeMetricsRequestProtobuf(ProtobufMetricsSerializer.serializeRequest(metrics)!);
  fromJson = decodeMetricsRequestJson(JsonMetricsSerializer.serializeRequest(metrics)!);
});

function pointNamed(name: string, attributes: Record<string, string> = {}) {
  return fromProtobuf.points.find(
    (p) => p.name === name && JSON.stringify(p.attributes) === JSON.stringify(attributes),
  );
}

describe('metric decoders on the official serializers', () => {
  it('decode protobuf and JSON to the same valid points', () => {
    expect(fromProtobuf.points).toHaveLength(5);
    expect(fromJson).toEqual(fromProtobuf);
    expect(fromProtobuf.rejectedDataPoints).toBe(0);
    for (const point of fromProtobuf.points) expect(MetricPoint.parse(point)).toEqual(point);
  });

  it('a counter becomes cumulative monotonic sum points, one per attribute set', () => {
    expect(pointNamed('payments.processed', { outcome: 'ok' })).toMatchObject({
      type: 'sum',
      service: 'payments',
      unit: '{payment}',
      value: 3,
      temporality: 'cumulative',
      monotonic: true,
      resourceAttributes: METRIC_RESOURCE,
    });
    expect(pointNamed('payments.processed', { outcome: 'declined' })).toMatchObject({ value: 1 });
    const point = pointNamed('payments.processed', { outcome: 'ok' })!;
    expect(point.timeUnixMs).toBeGreaterThanOrEqual(point.startTimeUnixMs);
    expect(point.startTimeUnixMs).toBeGreaterThan(1_600_000_000_000);
  });

  it('a gauge, an explicit histogram and an exponential histogram keep their fields', () => {
    expect(pointNamed('queue.depth', { queue: 'payments' })).toMatchObject({
      type: 'gauge',
      value: 7,
    });
    expect(pointNamed('payment.duration')).toMatchObject({
      type: 'histogram',
      unit: 'ms',
      count: 3,
      sum: 325,
      min: 5,
      max: 300,
      bucketCounts: [1, 1, 1],
      explicitBounds: [10, 100],
    });
    const exponential = pointNamed('payment.size');
    expect(exponential).toMatchObject({
      type: 'exponential_histogram',
      count: 3,
      sum: 14,
      min: 2,
      max: 8,
      zeroCount: 0,
    });
    if (exponential?.type !== 'exponential_histogram') throw new Error('not exponential');
    expect(exponential.positive.bucketCounts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

/** Writes a length-delimited field whose content `write` produces. */
function message(w: Writer, field: number, write: (w: Writer) => void): void {
  w.uint32((field << 3) | 2).fork();
  write(w);
  w.ldelim();
}

function fixed64(w: Writer, field: number, value: number): void {
  w.uint32((field << 3) | 1).fixed64(value);
}

const T = 1_700_000_000_000_000_000n;

/**
 * One request: summary (valid), gauge points as_int -5 / no value / no time, a histogram with
 * unpacked bucket counts (valid) and one with a bucket count that does not match its bounds,
 * and a metric without a name.
 */
function handBuiltRequest(): Uint8Array {
  const w = Writer.create();
  message(w, 1, (w) => {
    message(w, 1, (w) => message(w, 1, (w) => kv(w, 'service.name', 'ledger')));
    message(w, 2, (w) => {
      message(w, 2, (w) => {
        w.uint32((1 << 3) | 2).string('latency');
        message(w, 11, (w) =>
          message(w, 1, (w) => {
            nanos(w, 3, T);
            fixed64(w, 4, 10);
            w.uint32((5 << 3) | 1).double(12.5);
            for (const [q, v] of [
              [0.5, 1],
              [0.99, 4],
            ] as const) {
              message(w, 6, (w) => {
                w.uint32((1 << 3) | 1).double(q);
                w.uint32((2 << 3) | 1).double(v);
              });
            }
          }),
        );
      });
      message(w, 2, (w) => {
        w.uint32((1 << 3) | 2).string('temperature');
        message(w, 5, (w) => {
          message(w, 1, (w) => {
            nanos(w, 3, T);
            w.uint32((6 << 3) | 1).sfixed64(-5);
          });
          message(w, 1, (w) => nanos(w, 3, T)); // no value
          message(w, 1, (w) => w.uint32((4 << 3) | 1).double(1)); // no time
        });
      });
      message(w, 2, (w) => {
        w.uint32((1 << 3) | 2).string('size');
        message(w, 9, (w) => {
          message(w, 1, (w) => {
            nanos(w, 3, T);
            fixed64(w, 6, 2); // unpacked repeated fixed64
            fixed64(w, 6, 3);
            w.uint32((7 << 3) | 1).double(10); // unpacked repeated double
          });
          message(w, 1, (w) => {
            nanos(w, 3, T);
            fixed64(w, 6, 2);
            message(w, 7, (w) => w.double(1).double(2)); // packed: 2 bounds for 1 count
          });
          w.uint32((2 << 3) | 0).int32(1); // delta
        });
      });
      message(w, 2, (w) => message(w, 5, (w) => message(w, 1, (w) => nanos(w, 3, T))));
    });
  });
  return w.finish();
}

function nanos(w: Writer, field: number, value: bigint): void {
  w.uint32((field << 3) | 1)
    .fixed32(Number(value & 0xffffffffn))
    .fixed32(Number(value >> 32n));
}

function kv(w: Writer, key: string, value: string): void {
  w.uint32((1 << 3) | 2).string(key);
  message(w, 2, (w) => w.uint32((1 << 3) | 2).string(value));
}

describe('decodeMetricsRequestProtobuf on hand-built requests', () => {
  it('decodes summaries, negative as_int and unpacked repeated fields; rejects invalid points', () => {
    const { points, rejectedDataPoints, errorMessage } = decodeMetricsRequestProtobuf(
      handBuiltRequest(),
    );
    expect(points.map((p) => [p.name, p.type])).toEqual([
      ['latency', 'summary'],
      ['temperature', 'gauge'],
      ['size', 'histogram'],
    ]);
    expect(points[0]).toMatchObject({
      service: 'ledger',
      timeUnixMs: 1_700_000_000_000,
      count: 10,
      sum: 12.5,
      quantiles: [
        { quantile: 0.5, value: 1 },
        { quantile: 0.99, value: 4 },
      ],
    });
    expect(points[1]).toMatchObject({ value: -5, startTimeUnixMs: 0 });
    expect(points[2]).toMatchObject({
      temporality: 'delta',
      bucketCounts: [2, 3],
      explicitBounds: [10],
      sum: null,
    });
    expect(rejectedDataPoints).toBe(4);
    expect(errorMessage).toMatch(/^4 data point\(s\) rejected: /);
    for (const reason of ['no value', 'time_unix_nano', 'bucket_counts', 'name']) {
      expect(errorMessage).toContain(reason);
    }
  });

  it('throws OtlpDecodeError for truncated bodies and wrong wire types', () => {
    const valid = handBuiltRequest();
    for (let cut = 1; cut < valid.length; cut += 7) {
      expect(() => decodeMetricsRequestProtobuf(valid.subarray(0, cut))).toThrow(OtlpDecodeError);
    }
    const wrongWire = Writer.create();
    message(wrongWire, 1, (w) => message(w, 2, (w) => w.uint32((2 << 3) | 0).uint32(1)));
    expect(() => decodeMetricsRequestProtobuf(wrongWire.finish())).toThrow(/wire type/);
  });
});

describe('decodeMetricsRequestJson', () => {
  const request = (metric: unknown) =>
    JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [metric] }] }] });

  it('maps the OTLP/JSON forms: int64 as strings, NaN doubles, summaries', () => {
    const sum = decodeMetricsRequestJson(
      request({
        name: 'bytes',
        sum: {
          aggregationTemporality: 1,
          dataPoints: [{ timeUnixNano: '1700000000000000000', asInt: '-9007199254740993' }],
        },
      }),
    );
    expect(sum.points[0]).toMatchObject({
      service: 'unknown_service',
      type: 'sum',
      value: -9007199254740992,
      temporality: 'delta',
      monotonic: false,
    });
    const summary = decodeMetricsRequestJson(
      request({
        name: 'rtt',
        summary: {
          dataPoints: [
            {
              timeUnixNano: 1_700_000_000_000_000_000,
              count: '3',
              sum: 'NaN',
              quantileValues: [{ quantile: 1, value: '4.5' }],
            },
          ],
        },
      }),
    );
    expect(summary.points[0]).toMatchObject({ count: 3, quantiles: [{ quantile: 1, value: 4.5 }] });
    expect((summary.points[0] as { sum: number }).sum).toBeNaN();
  });

  it('counts invalid points as rejected and refuses documents of the wrong shape', () => {
    const rejected = decodeMetricsRequestJson(
      request({ name: 'g', gauge: { dataPoints: [{ asDouble: 1 }, {}] } }),
    );
    expect(rejected.points).toEqual([]);
    expect(rejected.rejectedDataPoints).toBe(2);
    for (const bad of [
      request({ name: 'g', gauge: { dataPoints: [{ asInt: 'x' }] } }),
      request({ name: 5 }),
      request({ histogram: { dataPoints: [{ bucketCounts: [-1] }] } }),
      '{"resourceMetrics": {}}',
      '[',
    ]) {
      expect(() => decodeMetricsRequestJson(bad), bad).toThrow(OtlpDecodeError);
    }
    expect(decodeMetricsRequestJson('{}').points).toEqual([]);
  });
});

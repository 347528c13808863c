import { Reader } from 'protobufjs/minimal';
import { asDecodeError } from './decode-error';
import {
  type DecodedMetrics,
  MetricCollector,
  type RawMetric,
  type RawMetricData,
} from './metric-record';
import {
  readExponentialPoint,
  readHistogramPoint,
  readNumberPoint,
  readSummaryPoint,
} from './metrics-protobuf-points';
import { readResourceGroups } from './protobuf-values';
import { expectWire, forEachField, LEN, nested, VARINT } from './protobuf-wire';

/**
 * Decodes an OTLP ExportMetricsServiceRequest (protobuf) into metric points. Field numbers follow
 * opentelemetry-proto v1 collector/metrics/v1/metrics_service.proto and metrics/v1/metrics.proto
 * (checked against the official JS serializer, @opentelemetry/otlp-transformer 0.223.0).
 * Exemplars, flags, scope and metadata are skipped. Reading is bounded as in the trace decoder.
 */
export function decodeMetricsRequestProtobuf(bytes: Uint8Array): DecodedMetrics {
  return asDecodeError('invalid OTLP protobuf', () => {
    const reader = Reader.create(bytes);
    const collector = new MetricCollector();
    readResourceGroups(reader, readMetric, (resource, metrics) =>
      collector.addResourceMetrics(resource, metrics),
    );
    return collector.result();
  });
}

/**
 * Metric{1 name, 2 description, 3 unit, oneof data {5 gauge, 7 sum, 9 histogram,
 * 10 exponential_histogram, 11 summary}, 12 metadata}. Data messages share the layout
 * {1 data_points, 2 aggregation_temporality, 3 is_monotonic (sum only)}.
 */
function readMetric(reader: Reader): RawMetric {
  const metric: RawMetric = { name: '', unit: '', data: { type: 'none' } };
  forEachField(reader, (field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, LEN);
        metric.name = reader.string();
        return true;
      case 3:
        expectWire(field, wire, LEN);
        metric.unit = reader.string();
        return true;
      case 5:
        expectWire(field, wire, LEN);
        metric.data = nested(reader, () => readData(reader, 'gauge', readNumberPoint));
        return true;
      case 7:
        expectWire(field, wire, LEN);
        metric.data = nested(reader, () => readData(reader, 'sum', readNumberPoint));
        return true;
      case 9:
        expectWire(field, wire, LEN);
        metric.data = nested(reader, () => readData(reader, 'histogram', readHistogramPoint));
        return true;
      case 10:
        expectWire(field, wire, LEN);
        metric.data = nested(reader, () =>
          readData(reader, 'exponential_histogram', readExponentialPoint),
        );
        return true;
      case 11:
        expectWire(field, wire, LEN);
        metric.data = nested(reader, () => readData(reader, 'summary', readSummaryPoint));
        return true;
      default:
        return false;
    }
  });
  return metric;
}

function readData<P>(
  reader: Reader,
  type: Exclude<RawMetricData['type'], 'none'>,
  readPoint: (reader: Reader) => P,
): RawMetricData {
  const points: P[] = [];
  let temporality = 0;
  let monotonic = false;
  forEachField(reader, (field, wire) => {
    if (field === 1) {
      expectWire(field, wire, LEN);
      points.push(nested(reader, () => readPoint(reader)));
    } else if (field === 2 && type !== 'gauge' && type !== 'summary') {
      expectWire(field, wire, VARINT);
      temporality = reader.int32();
    } else if (field === 3 && type === 'sum') {
      expectWire(field, wire, VARINT);
      monotonic = reader.bool();
    } else return false;
    return true;
  });
  return { type, points, temporality, monotonic } as RawMetricData;
}

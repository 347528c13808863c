import type { Reader } from 'protobufjs/minimal';
import type { ExponentialBuckets } from '../contracts/metrics';
import type {
  RawExponentialHistogramPoint,
  RawHistogramPoint,
  RawNumberPoint,
  RawPointCommon,
  RawSummaryPoint,
} from './metric-record';
import { readKeyValue } from './protobuf-values';
import {
  expectWire,
  forEachField,
  I64,
  LEN,
  longToNumber,
  nested,
  readFixed64,
  readFixed64Number,
  readRepeated,
  readSfixed64Number,
  VARINT,
} from './protobuf-wire';
import { ZERO_NANOS } from './unix-nanos';

/**
 * The data point messages of opentelemetry-proto v1 metrics/v1/metrics.proto on the wire
 * (exemplars and flags are skipped). Used by metrics-protobuf-decoder.ts.
 */

function common(): RawPointCommon {
  return { attributes: {}, start: ZERO_NANOS, time: ZERO_NANOS };
}

/** Fields 2 start_time_unix_nano and 3 time_unix_nano, the same in every point type. */
function readTimes(reader: Reader, point: RawPointCommon, field: number, wire: number): boolean {
  if (field !== 2 && field !== 3) return false;
  expectWire(field, wire, I64);
  if (field === 2) point.start = readFixed64(reader);
  else point.time = readFixed64(reader);
  return true;
}

function readAttribute(reader: Reader, point: RawPointCommon, field: number, wire: number): true {
  expectWire(field, wire, LEN);
  nested(reader, () => readKeyValue(reader, point.attributes, 0));
  return true;
}

/** NumberDataPoint{7 attributes, 2 start, 3 time, oneof value {4 as_double, 6 as_int}}. */
export function readNumberPoint(reader: Reader): RawNumberPoint {
  const point: RawNumberPoint = { ...common(), value: undefined };
  forEachField(reader, (field, wire) => {
    if (field === 7) return readAttribute(reader, point, field, wire);
    if (field === 4 || field === 6) {
      expectWire(field, wire, I64);
      point.value = field === 4 ? reader.double() : readSfixed64Number(reader);
      return true;
    }
    return readTimes(reader, point, field, wire);
  });
  return point;
}

/** A `double` field (wire type I64), e.g. HistogramDataPoint.sum. */
function readDouble(reader: Reader, field: number, wire: number): number {
  expectWire(field, wire, I64);
  return reader.double();
}

/**
 * HistogramDataPoint{9 attributes, 2 start, 3 time, 4 count fixed64, 5 sum, 6 bucket_counts
 * repeated fixed64, 7 explicit_bounds repeated double, 11 min, 12 max}.
 */
export function readHistogramPoint(reader: Reader): RawHistogramPoint {
  const point: RawHistogramPoint = {
    ...common(),
    ...{ count: 0, sum: null, min: null, max: null, bucketCounts: [], explicitBounds: [] },
  };
  forEachField(reader, (field, wire) => {
    switch (field) {
      case 9:
        return readAttribute(reader, point, field, wire);
      case 4:
        expectWire(field, wire, I64);
        point.count = readFixed64Number(reader);
        return true;
      case 5:
        point.sum = readDouble(reader, field, wire);
        return true;
      case 6:
        readRepeated(reader, field, wire, I64, () => readFixed64Number(reader), point.bucketCounts);
        return true;
      case 7:
        readRepeated(reader, field, wire, I64, () => reader.double(), point.explicitBounds);
        return true;
      case 11:
        point.min = readDouble(reader, field, wire);
        return true;
      case 12:
        point.max = readDouble(reader, field, wire);
        return true;
      default:
        return readTimes(reader, point, field, wire);
    }
  });
  return point;
}

/**
 * ExponentialHistogramDataPoint{1 attributes, 2 start, 3 time, 4 count fixed64, 5 sum,
 * 6 scale sint32, 7 zero_count fixed64, 8 positive, 9 negative, 12 min, 13 max}.
 */
export function readExponentialPoint(reader: Reader): RawExponentialHistogramPoint {
  const point: RawExponentialHistogramPoint = {
    ...common(),
    ...{ count: 0, sum: null, min: null, max: null, scale: 0, zeroCount: 0 },
    positive: { offset: 0, bucketCounts: [] },
    negative: { offset: 0, bucketCounts: [] },
  };
  forEachField(reader, (field, wire) => {
    switch (field) {
      case 1:
        return readAttribute(reader, point, field, wire);
      case 4:
      case 7: {
        expectWire(field, wire, I64);
        const value = readFixed64Number(reader);
        if (field === 4) point.count = value;
        else point.zeroCount = value;
        return true;
      }
      case 5:
        point.sum = readDouble(reader, field, wire);
        return true;
      case 6:
        expectWire(field, wire, VARINT);
        point.scale = reader.sint32();
        return true;
      case 8:
      case 9: {
        expectWire(field, wire, LEN);
        const buckets = nested(reader, () => readBuckets(reader));
        if (field === 8) point.positive = buckets;
        else point.negative = buckets;
        return true;
      }
      case 12:
        point.min = readDouble(reader, field, wire);
        return true;
      case 13:
        point.max = readDouble(reader, field, wire);
        return true;
      default:
        return readTimes(reader, point, field, wire);
    }
  });
  return point;
}

/** Buckets{1 offset sint32, 2 bucket_counts repeated uint64}. */
function readBuckets(reader: Reader): ExponentialBuckets {
  const buckets: ExponentialBuckets = { offset: 0, bucketCounts: [] };
  forEachField(reader, (field, wire) => {
    if (field === 1) {
      expectWire(field, wire, VARINT);
      buckets.offset = reader.sint32();
    } else if (field === 2) {
      const readOne = () => longToNumber(reader.uint64(), true);
      readRepeated(reader, field, wire, VARINT, readOne, buckets.bucketCounts);
    } else return false;
    return true;
  });
  return buckets;
}

/**
 * SummaryDataPoint{7 attributes, 2 start, 3 time, 4 count fixed64, 5 sum double,
 * 6 quantile_values: ValueAtQuantile{1 quantile, 2 value}}.
 */
export function readSummaryPoint(reader: Reader): RawSummaryPoint {
  const point: RawSummaryPoint = { ...common(), count: 0, sum: 0, quantiles: [] };
  forEachField(reader, (field, wire) => {
    switch (field) {
      case 7:
        return readAttribute(reader, point, field, wire);
      case 4:
        expectWire(field, wire, I64);
        point.count = readFixed64Number(reader);
        return true;
      case 5:
        point.sum = readDouble(reader, field, wire);
        return true;
      case 6: {
        expectWire(field, wire, LEN);
        const quantile = { quantile: 0, value: 0 };
        nested(reader, () =>
          forEachField(reader, (f, w) => {
            if (f !== 1 && f !== 2) return false;
            if (f === 1) quantile.quantile = readDouble(reader, f, w);
            else quantile.value = readDouble(reader, f, w);
            return true;
          }),
        );
        point.quantiles.push(quantile);
        return true;
      }
      default:
        return readTimes(reader, point, field, wire);
    }
  });
  return point;
}

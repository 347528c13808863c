import type { Reader } from 'protobufjs/minimal';
import type { Attributes } from '../contracts/traces';
import { OtlpDecodeError } from './decode-error';
import { expectWire, forEachField, I64, LEN, longToNumber, nested, VARINT } from './protobuf-wire';
import {
  type AnyValue,
  bytesToBase64,
  MAX_VALUE_DEPTH,
  setOwn,
  toAttributeValue,
} from './span-record';

/**
 * KeyValue and AnyValue (opentelemetry/proto/common/v1/common.proto) and Resource
 * (resource/v1/resource.proto) on the wire: the one implementation every signal's decoder uses.
 */

/** Resource{1 attributes: repeated KeyValue}; dropped_attributes_count (2) is skipped. */
export function readResource(reader: Reader): Attributes {
  const attributes: Attributes = {};
  forEachField(reader, (field, wire) => {
    if (field !== 1) return false;
    expectWire(field, wire, LEN);
    nested(reader, () => readKeyValue(reader, attributes, 0));
    return true;
  });
  return attributes;
}

/** KeyValue{1 key, 2 value}; stores the flattened value into `into`. */
export function readKeyValue(reader: Reader, into: Attributes, depth: number): void {
  const [key, value] = readKeyValuePair(reader, depth);
  setOwn(into, key, toAttributeValue(value));
}

function readKeyValuePair(reader: Reader, depth: number): [string, AnyValue] {
  let key = '';
  let value: AnyValue = null;
  forEachField(reader, (field, wire) => {
    if (field === 1) {
      expectWire(field, wire, LEN);
      key = reader.string();
    } else if (field === 2) {
      expectWire(field, wire, LEN);
      value = nested(reader, () => readAnyValue(reader, depth + 1));
    } else return false;
    return true;
  });
  return [key, value];
}

/**
 * AnyValue oneof{1 string, 2 bool, 3 int64, 4 double, 5 array, 6 kvlist, 7 bytes}; `depth` is
 * the nesting level of this value (1 for an attribute's or a log body's own value).
 */
export function readAnyValue(reader: Reader, depth: number): AnyValue {
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(
      `invalid OTLP protobuf: values nested deeper than ${MAX_VALUE_DEPTH}`,
    );
  }
  let value: AnyValue = null;
  forEachField(reader, (field, wire) => {
    switch (field) {
      case 1:
        expectWire(field, wire, LEN);
        value = reader.string();
        return true;
      case 2:
        expectWire(field, wire, VARINT);
        value = reader.bool();
        return true;
      case 3:
        expectWire(field, wire, VARINT);
        value = longToNumber(reader.int64(), false);
        return true;
      case 4:
        expectWire(field, wire, I64);
        value = reader.double();
        return true;
      case 5:
        expectWire(field, wire, LEN);
        value = nested(reader, () => readArrayValue(reader, depth));
        return true;
      case 6:
        expectWire(field, wire, LEN);
        value = nested(reader, () => readKeyValueList(reader, depth));
        return true;
      case 7:
        expectWire(field, wire, LEN);
        value = bytesToBase64(reader.bytes());
        return true;
      default:
        return false;
    }
  });
  return value;
}

function readArrayValue(reader: Reader, depth: number): AnyValue[] {
  const values: AnyValue[] = [];
  forEachField(reader, (field, wire) => {
    if (field !== 1) return false;
    expectWire(field, wire, LEN);
    values.push(nested(reader, () => readAnyValue(reader, depth + 1)));
    return true;
  });
  return values;
}

function readKeyValueList(reader: Reader, depth: number): { [key: string]: AnyValue } {
  const values: { [key: string]: AnyValue } = {};
  forEachField(reader, (field, wire) => {
    if (field !== 1) return false;
    expectWire(field, wire, LEN);
    const [key, value] = nested(reader, () => readKeyValuePair(reader, depth + 1));
    setOwn(values, key, value);
    return true;
  });
  return values;
}

/**
 * The envelope every OTLP export request shares: Export*ServiceRequest{1 resource_*},
 * Resource*{1 resource, 2 scope_*, 3 schema_url}, Scope*{1 scope, 2 items, 3 schema_url}.
 * Reads the whole request and calls `add` once per resource with its attributes and the items
 * `readItem` read from every scope (scope and schema_url are not kept).
 */
export function readResourceGroups<T>(
  reader: Reader,
  readItem: (reader: Reader) => T,
  add: (resource: Attributes, items: T[]) => void,
): void {
  forEachField(reader, (field, wire) => {
    if (field !== 1) return false;
    expectWire(field, wire, LEN);
    nested(reader, () => {
      let resource: Attributes = {};
      const items: T[] = [];
      forEachField(reader, (f, w) => {
        if (f === 1) {
          expectWire(f, w, LEN);
          resource = nested(reader, () => readResource(reader));
        } else if (f === 2) {
          expectWire(f, w, LEN);
          nested(reader, () =>
            forEachField(reader, (g, x) => {
              if (g !== 2) return false;
              expectWire(g, x, LEN);
              items.push(nested(reader, () => readItem(reader)));
              return true;
            }),
          );
        } else return false;
        return true;
      });
      add(resource, items);
    });
    return true;
  });
}

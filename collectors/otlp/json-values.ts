import type { z } from 'zod';
import type { Attributes } from '../contracts/traces';
import { asDecodeError, OtlpDecodeError } from './decode-error';
import type { AnyValueJson, KeyValueJson } from './json-schema';
import { type AnyValue, MAX_VALUE_DEPTH, setOwn, toAttributeValue } from './span-record';
import { parseJsonNanos, type UnixNanos, ZERO_NANOS } from './unix-nanos';

/**
 * OTLP/JSON helpers shared by the trace, metric and log decoders: parsing a request document
 * against its schema, KeyValue/AnyValue, timestamps and 64-bit integers.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses UTF-8 bytes or text as JSON and checks it against `schema`. Invalid UTF-8, invalid JSON
 * or a document of the wrong shape throws OtlpDecodeError naming the first problem.
 */
export function parseOtlpJson<T>(body: Uint8Array | string, schema: z.ZodType<T>): T {
  const text =
    typeof body === 'string' ? body : asDecodeError('invalid OTLP/JSON', () => utf8.decode(body));
  const json: unknown = asDecodeError('invalid OTLP/JSON', () => JSON.parse(text));
  const parsed = asDecodeError('invalid OTLP/JSON', () => schema.safeParse(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new OtlpDecodeError(`invalid OTLP/JSON: ${where}: ${issue?.message ?? 'wrong shape'}`);
  }
  return parsed.data;
}

/** A fixed64 timestamp in its JSON form; absent means 0. Out of range throws. */
export function jsonNanos(value: string | number | undefined): UnixNanos {
  if (value === undefined) return ZERO_NANOS;
  const parsed = parseJsonNanos(value);
  if (!parsed) throw new OtlpDecodeError(`timestamp out of range: ${value}`);
  return parsed;
}

/** A 64-bit integer or a double in its JSON form (the schema has checked the text). */
export function jsonNumber(value: string | number | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

export function jsonAttributes(list: readonly KeyValueJson[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const kv of list ?? []) {
    setOwn(attributes, kv.key ?? '', toAttributeValue(jsonAnyValue(kv.value, 1)));
  }
  return attributes;
}

/** `depth` is the nesting level of this value (1 for an attribute's or a log body's own value). */
export function jsonAnyValue(value: AnyValueJson | undefined, depth: number): AnyValue {
  if (value === undefined) return null;
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(`values nested deeper than ${MAX_VALUE_DEPTH}`);
  }
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) {
    return (value.arrayValue.values ?? []).map((v) => jsonAnyValue(v, depth + 1));
  }
  if (value.kvlistValue !== undefined) {
    const object: { [key: string]: AnyValue } = {};
    for (const kv of value.kvlistValue.values ?? []) {
      setOwn(object, kv.key ?? '', jsonAnyValue(kv.value, depth + 1));
    }
    return object;
  }
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

import type { Attributes } from '../contracts/traces';
import { asDecodeError, OtlpDecodeError } from './decode-error';
import {
  type AnyValueJson,
  ExportTraceServiceRequestJson,
  type KeyValueJson,
  type SpanJson,
} from './json-schema';
import {
  type AnyValue,
  type DecodedTraces,
  MAX_VALUE_DEPTH,
  type RawSpan,
  SpanCollector,
  setOwn,
  toAttributeValue,
} from './span-record';
import { nanosToUnixMs, parseJsonNanos, type UnixNanos, ZERO_NANOS } from './unix-nanos';

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest (UTF-8 bytes or text) into spans. Invalid
 * JSON or a document of the wrong shape throws OtlpDecodeError; spans with invalid ids are
 * counted as rejected.
 */
export function decodeTraceRequestJson(body: Uint8Array | string): DecodedTraces {
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  const json: unknown = asDecodeError('invalid OTLP/JSON', () => JSON.parse(text));
  const parsed = asDecodeError('invalid OTLP/JSON', () =>
    ExportTraceServiceRequestJson.safeParse(json),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new OtlpDecodeError(`invalid OTLP/JSON: ${where}: ${issue?.message ?? 'wrong shape'}`);
  }
  return asDecodeError('invalid OTLP/JSON', () => {
    const collector = new SpanCollector();
    for (const resourceSpans of parsed.data.resourceSpans ?? []) {
      const resource = toAttributes(resourceSpans.resource?.attributes);
      const spans: RawSpan[] = [];
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) spans.push(toRawSpan(span));
      }
      collector.addResourceSpans(resource, spans);
    }
    return collector.result();
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  return asDecodeError('invalid OTLP/JSON', () => utf8.decode(bytes));
}

function toRawSpan(span: SpanJson): RawSpan {
  return {
    traceId: (span.traceId ?? '').toLowerCase(),
    spanId: (span.spanId ?? '').toLowerCase(),
    parentSpanId: (span.parentSpanId ?? '').toLowerCase(),
    name: span.name ?? '',
    kind: span.kind ?? 0,
    start: nanos(span.startTimeUnixNano),
    end: nanos(span.endTimeUnixNano),
    attributes: toAttributes(span.attributes),
    events: (span.events ?? []).map((event) => ({
      name: event.name ?? '',
      timeUnixMs: nanosToUnixMs(nanos(event.timeUnixNano)),
      attributes: toAttributes(event.attributes),
    })),
    links: (span.links ?? []).map((link) => ({
      traceId: (link.traceId ?? '').toLowerCase(),
      spanId: (link.spanId ?? '').toLowerCase(),
      attributes: toAttributes(link.attributes),
    })),
    statusCode: span.status?.code ?? 0,
    statusMessage: span.status?.message ?? '',
  };
}

function nanos(value: string | number | undefined): UnixNanos {
  if (value === undefined) return ZERO_NANOS;
  const parsed = parseJsonNanos(value);
  if (!parsed) throw new OtlpDecodeError(`timestamp out of range: ${value}`);
  return parsed;
}

function toAttributes(list: readonly KeyValueJson[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const kv of list ?? []) {
    setOwn(attributes, kv.key ?? '', toAttributeValue(anyValue(kv.value, 1)));
  }
  return attributes;
}

function anyValue(value: AnyValueJson | undefined, depth: number): AnyValue {
  if (value === undefined) return null;
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(`values nested deeper than ${MAX_VALUE_DEPTH}`);
  }
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) {
    return (value.arrayValue.values ?? []).map((v) => anyValue(v, depth + 1));
  }
  if (value.kvlistValue !== undefined) {
    const object: { [key: string]: AnyValue } = {};
    for (const kv of value.kvlistValue.values ?? []) {
      setOwn(object, kv.key ?? '', anyValue(kv.value, depth + 1));
    }
    return object;
  }
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

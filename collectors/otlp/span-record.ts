import { semconv } from '../contracts/conventions';
import type {
  Attributes,
  AttributeValue,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  StatusCode,
} from '../contracts/traces';
import { durationMs, nanosToUnixMs, type UnixNanos } from './unix-nanos';

/**
 * What both decoders (protobuf and JSON) produce for one span before validation: ids as hex
 * strings (possibly invalid), enums as their wire integers, timestamps as nanoseconds.
 */
export interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  start: UnixNanos;
  end: UnixNanos;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  statusCode: number;
  statusMessage: string;
}

/** Result of decoding one ExportTraceServiceRequest (OTLP partial success semantics). */
export interface DecodedTraces {
  spans: Span[];
  /** Spans dropped because they were invalid (e.g. a trace id that is not 16 bytes). */
  rejectedSpans: number;
  /** Why spans were rejected; empty when none were. */
  errorMessage: string;
}

/** A decoded AnyValue before it is flattened into the contract's attribute value. */
export type AnyValue = string | number | boolean | null | AnyValue[] | { [key: string]: AnyValue };

const SPAN_KINDS: readonly SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const STATUS_CODES: readonly StatusCode[] = ['unset', 'ok', 'error'];

export const UNKNOWN_SERVICE = 'unknown_service';

/** Max nesting of arrays/kvlists inside one attribute value. */
export const MAX_VALUE_DEPTH = 32;

const HEX_TABLE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += HEX_TABLE[bytes[i]!];
  return hex;
}

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Flattens a decoded AnyValue into the contract's attribute value: primitives and arrays of
 * primitives stay as they are; nested arrays and key/value lists become JSON text.
 */
export function toAttributeValue(value: AnyValue): AttributeValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value) && value.every((v) => v !== null && typeof v !== 'object')) {
    return value as (string | number | boolean)[];
  }
  return JSON.stringify(value);
}

/** Sets an own property, even for keys such as `__proto__` that plain assignment would misuse. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZEROS = /^0+$/;

function invalidReason(raw: RawSpan): string | undefined {
  if (!TRACE_ID.test(raw.traceId) || ALL_ZEROS.test(raw.traceId)) {
    return 'trace_id must be 16 bytes and not all zero';
  }
  if (!SPAN_ID.test(raw.spanId) || ALL_ZEROS.test(raw.spanId)) {
    return 'span_id must be 8 bytes and not all zero';
  }
  if (raw.parentSpanId !== '' && !SPAN_ID.test(raw.parentSpanId)) {
    return 'parent_span_id must be empty or 8 bytes';
  }
  return undefined;
}

/** `service.name` of a resource, or `unknown_service` when it has none. */
export function serviceOf(resourceAttributes: Attributes): string {
  const serviceName = resourceAttributes[semconv.serviceName];
  return typeof serviceName === 'string' && serviceName ? serviceName : UNKNOWN_SERVICE;
}

/** Collects the valid spans of one request and counts the rejected ones. */
export class SpanCollector {
  readonly spans: Span[] = [];
  private rejected = 0;
  private readonly reasons = new Set<string>();

  /** Adds the spans of one ResourceSpans, now that its resource is known. */
  addResourceSpans(resourceAttributes: Attributes, rawSpans: readonly RawSpan[]): void {
    const service = serviceOf(resourceAttributes);
    for (const raw of rawSpans) {
      const reason = invalidReason(raw);
      if (reason) {
        this.rejected++;
        this.reasons.add(reason);
        continue;
      }
      this.spans.push({
        traceId: raw.traceId,
        spanId: raw.spanId,
        parentSpanId: raw.parentSpanId,
        name: raw.name,
        kind: SPAN_KINDS[raw.kind] ?? 'unspecified',
        service,
        startTimeUnixMs: nanosToUnixMs(raw.start),
        durationMs: durationMs(raw.start, raw.end),
        statusCode: STATUS_CODES[raw.statusCode] ?? 'unset',
        statusMessage: raw.statusMessage,
        attributes: raw.attributes,
        resourceAttributes,
        events: raw.events,
        links: raw.links,
      });
    }
  }

  result(): DecodedTraces {
    const errorMessage =
      this.rejected > 0 ? `${this.rejected} span(s) rejected: ${[...this.reasons].join('; ')}` : '';
    return { spans: this.spans, rejectedSpans: this.rejected, errorMessage };
  }
}

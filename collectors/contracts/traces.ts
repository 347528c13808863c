import { z } from 'zod';

/**
 * Spans as the collectors carry them after decoding. OTLP nanosecond timestamps are converted
 * once, at the receiver, into milliseconds since the Unix epoch (a float: sub-microsecond
 * resolution); every name carries its unit.
 */

export const SpanKind = z.enum([
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
]);
export type SpanKind = z.infer<typeof SpanKind>;

export const StatusCode = z.enum(['unset', 'ok', 'error']);
export type StatusCode = z.infer<typeof StatusCode>;

export const AttributeValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
  z.null(),
]);
export type AttributeValue = z.infer<typeof AttributeValue>;

export const Attributes = z.record(z.string(), AttributeValue);
export type Attributes = z.infer<typeof Attributes>;

export const SpanEvent = z.object({
  name: z.string(),
  timeUnixMs: z.number(),
  attributes: Attributes,
});
export type SpanEvent = z.infer<typeof SpanEvent>;

export const SpanLink = z.object({
  traceId: z.string(),
  spanId: z.string(),
  attributes: Attributes,
});
export type SpanLink = z.infer<typeof SpanLink>;

export const Span = z.object({
  /** 32 lower-case hex characters. */
  traceId: z.string(),
  /** 16 lower-case hex characters. */
  spanId: z.string(),
  /** Empty string for a root span. */
  parentSpanId: z.string(),
  name: z.string(),
  kind: SpanKind,
  /** `service.name` of the resource that emitted the span. */
  service: z.string(),
  startTimeUnixMs: z.number(),
  durationMs: z.number().nonnegative(),
  statusCode: StatusCode,
  statusMessage: z.string(),
  attributes: Attributes,
  resourceAttributes: Attributes,
  events: z.array(SpanEvent),
  links: z.array(SpanLink),
});
export type Span = z.infer<typeof Span>;

export const Trace = z.object({
  traceId: z.string(),
  spans: z.array(Span),
});
export type Trace = z.infer<typeof Trace>;

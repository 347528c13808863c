import { EVENT_NAME_ATTRIBUTE, type TelemetryEvent } from '../contracts/events';
import type { Attributes, Span } from '../contracts/traces';

/**
 * Normalises the carriers of pattern events into TelemetryEvents: span events today, OTLP log
 * records with an `event.name` attribute as soon as the receiver decodes logs.
 */

/** The span's events, each tagged with the span's service, trace and span ids. */
export function spanEventsToTelemetryEvents(span: Span): TelemetryEvent[] {
  return span.events.map((event) => ({
    name: event.name,
    timeUnixMs: event.timeUnixMs,
    service: span.service,
    attributes: event.attributes,
    traceId: span.traceId,
    spanId: span.spanId,
    source: 'span_event',
  }));
}

/** The events of every span, in span order then event order. */
export function extractTelemetryEvents(spans: Iterable<Span>): TelemetryEvent[] {
  const events: TelemetryEvent[] = [];
  for (const span of spans) {
    if (span.events.length > 0) events.push(...spanEventsToTelemetryEvents(span));
  }
  return events;
}

/** The fields of a decoded OTLP log record this normaliser reads. */
export interface LogRecordLike {
  /** timeUnixNano converted; observedTimeUnixNano when the former is 0. */
  timeUnixMs: number;
  service: string;
  attributes: Attributes;
  /** Empty strings when the record belongs to no span. */
  traceId: string;
  spanId: string;
  /** LogRecord.event_name (OTLP 1.5+); when empty, the `event.name` attribute names the event. */
  eventName?: string;
}

/**
 * A log record as an event when it has an event name (the record's own, else its `event.name`
 * attribute, a non-empty string); null for a plain log line. The name attribute is left out of
 * the event's attributes.
 */
export function logRecordToTelemetryEvent(record: LogRecordLike): TelemetryEvent | null {
  const { [EVENT_NAME_ATTRIBUTE]: attributeName, ...attributes } = record.attributes;
  const name = record.eventName || attributeName;
  if (typeof name !== 'string' || name === '') return null;
  return {
    name,
    timeUnixMs: record.timeUnixMs,
    service: record.service,
    attributes,
    traceId: record.traceId,
    spanId: record.spanId,
    source: 'log',
  };
}

/** A string attribute, or '' when it is absent or not a string (numbers are stringified). */
export function stringAttribute(attributes: Attributes, key: string): string {
  const value = attributes[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

import { z } from 'zod';
import { Attributes } from './traces';

/**
 * One pattern-level event (a circuit breaker changed state, a fault started), whatever carried
 * it: a span event, or an OTLP log record whose `event.name` attribute is set. Processors that
 * read events (breakers, faults, CQRS) consume this record only, so both sources feed them.
 */

export const TelemetryEventSource = z.enum(['span_event', 'log']);
export type TelemetryEventSource = z.infer<typeof TelemetryEventSource>;

export const TelemetryEvent = z.object({
  name: z.string(),
  timeUnixMs: z.number(),
  /** `service.name` of the resource that emitted the event. */
  service: z.string(),
  attributes: Attributes,
  /** Trace and span the event belongs to; empty strings when it belongs to none. */
  traceId: z.string(),
  spanId: z.string(),
  source: TelemetryEventSource,
});
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;

/** The log-record attribute that turns a log record into an event (OpenTelemetry events). */
export const EVENT_NAME_ATTRIBUTE = 'event.name';

import { z } from 'zod';
import { Attributes } from './traces';

/**
 * OTLP log records as the collectors carry them after decoding. Timestamps are milliseconds
 * since the Unix epoch; ids are lower-case hex, empty strings when the record has no trace
 * context.
 */

export const LogRecord = z.object({
  /** `service.name` of the resource that emitted the record. */
  service: z.string(),
  /** time_unix_nano; observed_time_unix_nano when that is 0; the receive time when both are. */
  timeUnixMs: z.number(),
  /** 0 (unspecified) or 1-24: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24. */
  severityNumber: z.number().int().min(0),
  severityText: z.string(),
  /** A string body as it is; any other body as JSON text; '' when there is none. */
  body: z.string(),
  attributes: Attributes,
  resourceAttributes: Attributes,
  /** 32 hex characters, or '' */
  traceId: z.string(),
  /** 16 hex characters, or '' */
  spanId: z.string(),
  /** LogRecord.event_name, else the `event.name` attribute, else ''. */
  eventName: z.string(),
});
export type LogRecord = z.infer<typeof LogRecord>;

/** Lowest severity number of each level (OpenTelemetry log data model). */
export const SeverityLevel = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  fatal: 21,
} as const;

/** Query of the log store (and of a future `/api/v1/logs` route). Results are newest first. */
export const LogQuery = z.object({
  traceId: z.string().optional(),
  service: z.string().optional(),
  fromUnixMs: z.coerce.number().optional(),
  toUnixMs: z.coerce.number().optional(),
  /** Records at or above this severity number. */
  minSeverity: z.coerce.number().int().min(0).max(24).optional(),
  limit: z.coerce.number().int().positive().max(10_000).default(100),
});
export type LogQuery = z.infer<typeof LogQuery>;

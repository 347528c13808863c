import { z } from 'zod';
import {
  blankToUndefined,
  limitParam,
  optionalText,
  optionalUnixMs,
  timeRangeInOrder,
  traceIdParam,
} from './query-params';
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

const SEVERITY_NAMES = Object.keys(SeverityLevel).join(', ');

/** A severity number 0-24, or a level name (trace, debug, info, warn, error, fatal). */
const minSeverity = z.preprocess(
  (value) => {
    const v = blankToUndefined(value);
    if (typeof v !== 'string') return v;
    const level = SeverityLevel[v.trim().toLowerCase() as keyof typeof SeverityLevel];
    return level ?? v;
  },
  z.coerce
    .number({ error: `minSeverity must be 0-24 or one of ${SEVERITY_NAMES}` })
    .int({ error: `minSeverity must be 0-24 or one of ${SEVERITY_NAMES}` })
    .min(0, { error: `minSeverity must be 0-24 or one of ${SEVERITY_NAMES}` })
    .max(24, { error: `minSeverity must be 0-24 or one of ${SEVERITY_NAMES}` })
    .optional(),
);

export const LOG_QUERY_DEFAULT_LIMIT = 100;
export const LOG_QUERY_MAX_LIMIT = 10_000;

/**
 * GET /api/v1/logs (and the log store's query). Every filter must match; the time range is
 * inclusive; results are newest first, at most `limit` of the most recently received matches.
 */
const logQueryShape = {
  /** The trace the record belongs to (32 hex characters, any case). */
  traceId: z.preprocess(blankToUndefined, traceIdParam.optional()),
  service: optionalText('service'),
  fromUnixMs: optionalUnixMs('fromUnixMs'),
  toUnixMs: optionalUnixMs('toUnixMs'),
  /** Records at or above this severity number (or level name). */
  minSeverity,
  limit: limitParam(LOG_QUERY_DEFAULT_LIMIT, LOG_QUERY_MAX_LIMIT),
};

export const LogQuery = z.strictObject(logQueryShape).refine(...timeRangeInOrder);
export type LogQuery = z.infer<typeof LogQuery>;

/** GET /api/v1/traces/:traceId/logs: the LogQuery parameters but traceId (the path gives it). */
const { traceId: _traceId, ...traceLogsShape } = logQueryShape;
export const TraceLogsQuery = z.strictObject(traceLogsShape).refine(...timeRangeInOrder);
export type TraceLogsQuery = z.infer<typeof TraceLogsQuery>;

/** GET /api/v1/logs and GET /api/v1/traces/:traceId/logs: newest first. */
export const LogsResponse = z.object({ logs: z.array(LogRecord) });
export type LogsResponse = z.infer<typeof LogsResponse>;

import { type Context, context } from '@opentelemetry/api';
import { type LogAttributes, type Logger, SeverityNumber } from '@opentelemetry/api-logs';

/**
 * The services' own log lines, as OTLP log records: what an operator reads next to a trace
 * (a 5xx answer, a breaker that opened, a saga compensating, a duplicate delivery skipped).
 * Each record is emitted in a context (the active one by default), so it carries that span's
 * trace and span ids and the dashboard links it to its trace and shows it on the span.
 *
 * Only what changes an operator's picture is logged: no line per successful request, which
 * the traces and RED metrics already tell.
 */
export type LogLevel = 'info' | 'warn' | 'error';

const SEVERITY: Record<LogLevel, { number: SeverityNumber; text: string }> = {
  info: { number: SeverityNumber.INFO, text: 'INFO' },
  warn: { number: SeverityNumber.WARN, text: 'WARN' },
  error: { number: SeverityNumber.ERROR, text: 'ERROR' },
};

export interface LogLine {
  level: LogLevel;
  body: string;
  /** A stable name for the kind of line (e.g. `saga.compensating`), for filtering. */
  eventName?: string;
  attributes?: LogAttributes;
  /** The context whose span the line belongs to; the active context by default. */
  context?: Context;
}

/** Emits one line through `logger`; nothing when the caller runs without a logger. */
export function emitLog(logger: Logger | undefined, line: LogLine): void {
  if (!logger) return;
  const severity = SEVERITY[line.level];
  logger.emit({
    severityNumber: severity.number,
    severityText: severity.text,
    body: line.body,
    ...(line.eventName ? { eventName: line.eventName } : {}),
    attributes: line.attributes ?? {},
    context: line.context ?? context.active(),
  });
}

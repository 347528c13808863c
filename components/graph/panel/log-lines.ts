import type { LogRecord } from '../../../collectors/contracts';

export type SeverityTone = 'muted' | 'accent' | 'warn' | 'critical';

/** The level word and tone of an OpenTelemetry severity number (0 = unspecified). */
export function severityOf(record: Pick<LogRecord, 'severityNumber' | 'severityText'>): {
  word: string;
  tone: SeverityTone;
} {
  const n = record.severityNumber;
  const word =
    record.severityText ||
    (n >= 21
      ? 'FATAL'
      : n >= 17
        ? 'ERROR'
        : n >= 13
          ? 'WARN'
          : n >= 9
            ? 'INFO'
            : n >= 5
              ? 'DEBUG'
              : n >= 1
                ? 'TRACE'
                : 'LOG');
  const tone: SeverityTone = n >= 17 ? 'critical' : n >= 13 ? 'warn' : n >= 9 ? 'accent' : 'muted';
  return { word: word.toUpperCase(), tone };
}

/** What a log line says in one line: its body, else its event name. */
export function logText(record: Pick<LogRecord, 'body' | 'eventName'>): string {
  const body = record.body.trim();
  if (body !== '') return body.length > 300 ? `${body.slice(0, 300)}…` : body;
  return record.eventName || '(empty)';
}

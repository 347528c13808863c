import { EVENT_NAME_ATTRIBUTE } from '../contracts/events';
import type { LogRecord } from '../contracts/logs';
import type { Attributes } from '../contracts/traces';
import { RejectionCounter } from './rejections';
import { type AnyValue, serviceOf } from './span-record';
import { nanosToUnixMs, type UnixNanos } from './unix-nanos';

/**
 * What both log decoders (protobuf and JSON) produce for one log record before validation: ids
 * as hex strings (possibly invalid), the body as a decoded AnyValue, nanosecond timestamps.
 */
export interface RawLogRecord {
  time: UnixNanos;
  observedTime: UnixNanos;
  severityNumber: number;
  severityText: string;
  /** Undefined when the record has no body. */
  body: AnyValue | undefined;
  attributes: Attributes;
  traceId: string;
  spanId: string;
  eventName: string;
}

/** Result of decoding one ExportLogsServiceRequest (OTLP partial success semantics). */
export interface DecodedLogs {
  records: LogRecord[];
  /** Log records dropped because they were invalid (e.g. a trace id that is not 16 bytes). */
  rejectedLogRecords: number;
  /** Why records were rejected; empty when none were. */
  errorMessage: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZEROS = /^0+$/;

/** '' for an absent or all-zero id (no trace context), the id when valid, undefined if malformed. */
function normaliseId(id: string, pattern: RegExp): string | undefined {
  if (id === '' || (ALL_ZEROS.test(id) && pattern.test(id))) return '';
  return pattern.test(id) ? id : undefined;
}

function bodyText(body: AnyValue | undefined): string {
  if (body === undefined || body === null) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function isZero({ hi, lo }: UnixNanos): boolean {
  return hi === 0 && lo === 0;
}

/** Collects the valid log records of one request and counts the rejected ones. */
export class LogCollector {
  readonly records: LogRecord[] = [];
  private readonly rejections = new RejectionCounter('log record');

  /** @param receivedAtUnixMs the time of a record that carries neither time nor observed time */
  constructor(private readonly receivedAtUnixMs: number = Date.now()) {}

  /** Adds the records of one ResourceLogs, now that its resource is known. */
  addResourceLogs(resourceAttributes: Attributes, rawRecords: readonly RawLogRecord[]): void {
    const service = serviceOf(resourceAttributes);
    for (const raw of rawRecords) {
      const traceId = normaliseId(raw.traceId, TRACE_ID);
      const spanId = normaliseId(raw.spanId, SPAN_ID);
      if (traceId === undefined || spanId === undefined) {
        this.rejections.reject(
          traceId === undefined
            ? 'trace_id must be empty or 16 bytes'
            : 'span_id must be empty or 8 bytes',
        );
        continue;
      }
      const eventAttribute = raw.attributes[EVENT_NAME_ATTRIBUTE];
      this.records.push({
        service,
        timeUnixMs: !isZero(raw.time)
          ? nanosToUnixMs(raw.time)
          : !isZero(raw.observedTime)
            ? nanosToUnixMs(raw.observedTime)
            : this.receivedAtUnixMs,
        severityNumber:
          raw.severityNumber >= 0 && raw.severityNumber <= 24 ? raw.severityNumber : 0,
        severityText: raw.severityText,
        body: bodyText(raw.body),
        attributes: raw.attributes,
        resourceAttributes,
        traceId,
        spanId,
        eventName: raw.eventName || (typeof eventAttribute === 'string' ? eventAttribute : ''),
      });
    }
  }

  result(): DecodedLogs {
    return {
      records: this.records,
      rejectedLogRecords: this.rejections.count,
      errorMessage: this.rejections.message(),
    };
  }
}

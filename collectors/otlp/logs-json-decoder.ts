import { z } from 'zod';
import { asDecodeError } from './decode-error';
import { AnyValueJson, Attributes, Enum, ResourceJson, UInt64 } from './json-schema';
import { jsonAnyValue, jsonAttributes, jsonNanos, parseOtlpJson } from './json-values';
import { type DecodedLogs, LogCollector, type RawLogRecord } from './log-record';

/**
 * The shape of an OTLP/JSON ExportLogsServiceRequest (see json-schema.ts for the mapping rules).
 * Ids are hex strings, checked per record (a malformed one rejects the record, not the request).
 */
const LogRecordJson = z.object({
  timeUnixNano: UInt64.optional(),
  observedTimeUnixNano: UInt64.optional(),
  severityNumber: Enum.optional(),
  severityText: z.string().optional(),
  body: AnyValueJson.optional(),
  attributes: Attributes,
  traceId: z.string().optional(),
  spanId: z.string().optional(),
  eventName: z.string().optional(),
});
type LogRecordJson = z.infer<typeof LogRecordJson>;

export const ExportLogsServiceRequestJson = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: ResourceJson,
        scopeLogs: z.array(z.object({ logRecords: z.array(LogRecordJson).optional() })).optional(),
      }),
    )
    .optional(),
});

/**
 * Decodes an OTLP/JSON ExportLogsServiceRequest (UTF-8 bytes or text) into log records. Invalid
 * JSON or a document of the wrong shape throws OtlpDecodeError; records with malformed ids are
 * counted as rejected.
 */
export function decodeLogsRequestJson(
  body: Uint8Array | string,
  receivedAtUnixMs: number = Date.now(),
): DecodedLogs {
  const request = parseOtlpJson(body, ExportLogsServiceRequestJson);
  return asDecodeError('invalid OTLP/JSON', () => {
    const collector = new LogCollector(receivedAtUnixMs);
    for (const resourceLogs of request.resourceLogs ?? []) {
      const records: RawLogRecord[] = [];
      for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
        for (const record of scopeLogs.logRecords ?? []) records.push(toRawLogRecord(record));
      }
      collector.addResourceLogs(jsonAttributes(resourceLogs.resource?.attributes), records);
    }
    return collector.result();
  });
}

function toRawLogRecord(record: LogRecordJson): RawLogRecord {
  return {
    time: jsonNanos(record.timeUnixNano),
    observedTime: jsonNanos(record.observedTimeUnixNano),
    severityNumber: record.severityNumber ?? 0,
    severityText: record.severityText ?? '',
    body: record.body === undefined ? undefined : jsonAnyValue(record.body, 1),
    attributes: jsonAttributes(record.attributes),
    traceId: (record.traceId ?? '').toLowerCase(),
    spanId: (record.spanId ?? '').toLowerCase(),
    eventName: record.eventName ?? '',
  };
}

import { Reader } from 'protobufjs/minimal';
import { asDecodeError } from './decode-error';
import { type DecodedLogs, LogCollector, type RawLogRecord } from './log-record';
import { readAnyValue, readKeyValue, readResourceGroups } from './protobuf-values';
import {
  expectWire,
  forEachField,
  I32,
  I64,
  LEN,
  nested,
  readFixed64,
  VARINT,
} from './protobuf-wire';
import { bytesToHex } from './span-record';
import { ZERO_NANOS } from './unix-nanos';

/**
 * Decodes an OTLP ExportLogsServiceRequest (protobuf) into log records. Field numbers follow
 * opentelemetry-proto v1 collector/logs/v1/logs_service.proto and logs/v1/logs.proto (checked
 * against the official JS serializer, @opentelemetry/otlp-transformer 0.223.0). Reading is
 * bounded as in the trace decoder; a malformed message refuses the whole request.
 */
export function decodeLogsRequestProtobuf(
  bytes: Uint8Array,
  receivedAtUnixMs: number = Date.now(),
): DecodedLogs {
  return asDecodeError('invalid OTLP protobuf', () => {
    const reader = Reader.create(bytes);
    const collector = new LogCollector(receivedAtUnixMs);
    readResourceGroups(reader, readLogRecord, (resource, records) =>
      collector.addResourceLogs(resource, records),
    );
    return collector.result();
  });
}

/**
 * LogRecord{1 time_unix_nano fixed64, 11 observed_time_unix_nano fixed64, 2 severity_number,
 * 3 severity_text, 5 body AnyValue, 6 attributes, 7 dropped_attributes_count, 8 flags fixed32,
 * 9 trace_id bytes, 10 span_id bytes, 12 event_name}.
 */
function readLogRecord(reader: Reader): RawLogRecord {
  const record: RawLogRecord = {
    time: ZERO_NANOS,
    observedTime: ZERO_NANOS,
    severityNumber: 0,
    severityText: '',
    body: undefined,
    attributes: {},
    traceId: '',
    spanId: '',
    eventName: '',
  };
  forEachField(reader, (field, wire) => {
    switch (field) {
      case 1:
      case 11:
        expectWire(field, wire, I64);
        if (field === 1) record.time = readFixed64(reader);
        else record.observedTime = readFixed64(reader);
        return true;
      case 2:
        expectWire(field, wire, VARINT);
        record.severityNumber = reader.int32();
        return true;
      case 3:
        expectWire(field, wire, LEN);
        record.severityText = reader.string();
        return true;
      case 5:
        expectWire(field, wire, LEN);
        record.body = nested(reader, () => readAnyValue(reader, 1));
        return true;
      case 6:
        expectWire(field, wire, LEN);
        nested(reader, () => readKeyValue(reader, record.attributes, 0));
        return true;
      case 8:
        expectWire(field, wire, I32);
        reader.skip(4); // flags: not kept
        return true;
      case 9:
      case 10: {
        expectWire(field, wire, LEN);
        const id = bytesToHex(reader.bytes());
        if (field === 9) record.traceId = id;
        else record.spanId = id;
        return true;
      }
      case 12:
        expectWire(field, wire, LEN);
        record.eventName = reader.string();
        return true;
      default:
        return false;
    }
  });
  return record;
}

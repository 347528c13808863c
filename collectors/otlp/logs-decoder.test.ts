import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { Writer } from 'protobufjs/minimal';
import { describe, expect, it } from 'vitest';
import { LogRecord } from '../contracts/logs';
import { OtlpDecodeError } from './decode-error';
import { decodeLogsRequestJson } from './logs-json-decoder';
import { decodeLogsRequestProtobuf } from './logs-protobuf-decoder';
import { collectSdkLogs, LOG_SPAN_ID, LOG_TRACE_ID } from './test-support/sdk-logs';

const RECEIVED_AT = 1_800_000_000_000;

describe('log decoders on the official serializers', () => {
  it('decode protobuf and JSON to the same records, with event name and trace context', async () => {
    const records = await collectSdkLogs();
    const fromProtobuf = decodeLogsRequestProtobuf(
      ProtobufLogsSerializer.serializeRequest(records)!,
      RECEIVED_AT,
    );
    const fromJson = decodeLogsRequestJson(
      JsonLogsSerializer.serializeRequest(records)!,
      RECEIVED_AT,
    );
    expect(fromJson).toEqual(fromProtobuf);
    expect(fromProtobuf.rejectedLogRecords).toBe(0);
    const [event, line] = fromProtobuf.records;
    expect(event).toEqual({
      service: 'accounts',
      timeUnixMs: 1_700_000_000_250,
      severityNumber: 13,
      severityText: 'WARN',
      body: '{"from":"closed","to":"open"}',
      attributes: { 'circuit_breaker.name': 'payments->ledger', attempts: 3 },
      resourceAttributes: { 'service.name': 'accounts' },
      traceId: LOG_TRACE_ID,
      spanId: LOG_SPAN_ID,
      eventName: 'circuit_breaker.state_change',
    });
    expect(line).toMatchObject({
      body: 'transfer accepted',
      traceId: '',
      spanId: '',
      eventName: '',
    });
    for (const record of fromProtobuf.records) expect(LogRecord.parse(record)).toEqual(record);
  });
});

function message(w: Writer, field: number, write: (w: Writer) => void): void {
  w.uint32((field << 3) | 2).fork();
  write(w);
  w.ldelim();
}

/** A request with one log record per writer in `records`. */
function logsRequest(...records: ((w: Writer) => void)[]): Uint8Array {
  const w = Writer.create();
  message(w, 1, (w) =>
    message(w, 2, (w) => {
      for (const record of records) message(w, 2, record);
    }),
  );
  return w.finish();
}

describe('decodeLogsRequestProtobuf on hand-built records', () => {
  it('takes the event.name attribute when event_name is absent; falls back on observed time', () => {
    const { records } = decodeLogsRequestProtobuf(
      logsRequest((w) => {
        w.uint32((11 << 3) | 1).fixed64(1_700_000_000_000_000_000); // observed time only
        message(w, 6, (w) => {
          w.uint32((1 << 3) | 2).string('event.name');
          message(w, 2, (w) => w.uint32((1 << 3) | 2).string('fault.started'));
        });
        message(w, 5, (w) => w.uint32((3 << 3) | 0).int64(42)); // body: intValue
      }),
      RECEIVED_AT,
    );
    expect(records[0]).toMatchObject({
      timeUnixMs: 1_700_000_000_000,
      eventName: 'fault.started',
      body: '42',
      service: 'unknown_service',
    });
  });

  it('a record without any time gets the receive time; all-zero ids mean no trace context', () => {
    const { records } = decodeLogsRequestProtobuf(
      logsRequest((w) => {
        w.uint32((9 << 3) | 2).bytes(new Uint8Array(16));
        w.uint32((10 << 3) | 2).bytes(new Uint8Array(8));
      }),
      RECEIVED_AT,
    );
    expect(records[0]).toMatchObject({
      timeUnixMs: RECEIVED_AT,
      traceId: '',
      spanId: '',
      body: '',
    });
  });

  it('rejects records with a malformed trace or span id as partial success', () => {
    const result = decodeLogsRequestProtobuf(
      logsRequest(
        (w) => w.uint32((9 << 3) | 2).bytes(new Uint8Array(15).fill(1)),
        (w) => w.uint32((10 << 3) | 2).bytes(new Uint8Array(9).fill(1)),
        (w) => w.uint32((3 << 3) | 2).string('INFO'),
      ),
    );
    expect(result.records.map((r) => r.severityText)).toEqual(['INFO']);
    expect(result.rejectedLogRecords).toBe(2);
    expect(result.errorMessage).toMatch(/^2 log record\(s\) rejected: .*trace_id.*span_id/);
  });

  it('throws OtlpDecodeError for malformed protobuf', () => {
    const valid = logsRequest((w) => w.uint32((3 << 3) | 2).string('INFO'));
    expect(() => decodeLogsRequestProtobuf(valid.subarray(0, valid.length - 1))).toThrow(
      OtlpDecodeError,
    );
    expect(() =>
      decodeLogsRequestProtobuf(logsRequest((w) => w.uint32((1 << 3) | 0).uint32(1))),
    ).toThrow(/wire type/);
  });
});

describe('decodeLogsRequestJson', () => {
  const request = (...logRecords: unknown[]) =>
    JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] });

  it('rejects malformed ids, accepts upper-case hex, and refuses a wrong shape', () => {
    const result = decodeLogsRequestJson(
      request(
        { traceId: 'xyz', body: { stringValue: 'a' } },
        { traceId: LOG_TRACE_ID.toUpperCase(), spanId: LOG_SPAN_ID, body: { boolValue: true } },
      ),
    );
    expect(result.rejectedLogRecords).toBe(1);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ traceId: LOG_TRACE_ID, body: 'true' });
    for (const bad of [request({ severityNumber: 'WARN' }), request({ body: 'text' }), 'null']) {
      expect(() => decodeLogsRequestJson(bad), bad).toThrow(OtlpDecodeError);
    }
  });
});

import { Writer } from 'protobufjs/minimal';

/**
 * Bodies the OTLP/HTTP receiver answers with, in the encoding of the request: an
 * Export{Trace,Metrics,Logs}ServiceResponse on success (with partial_success when records were
 * rejected) and a google.rpc.Status on failure.
 */
export type OtlpEncoding = 'protobuf' | 'json';

export const OTLP_CONTENT_TYPES: Record<OtlpEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** google.rpc.Code values used by the receiver. */
export const RpcCode = {
  invalidArgument: 3,
  resourceExhausted: 8,
  unimplemented: 12,
  internal: 13,
  unavailable: 14,
} as const;

export type OtlpSignal = 'traces' | 'metrics' | 'logs';

/** How many records of a request were rejected, and why ('' when none were). */
export interface PartialSuccess {
  rejected: number;
  errorMessage: string;
}

/** JSON name of field 1 of Export{Trace,Metrics,Logs}PartialSuccess. */
const REJECTED_FIELD: Record<OtlpSignal, string> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};

/**
 * Export{Trace,Metrics,Logs}ServiceResponse{1 partial_success: {1 rejected_spans |
 * rejected_data_points | rejected_log_records int64, 2 error_message string}}: the three share
 * one wire layout. Without rejections the message is empty (`{}` in JSON).
 */
export function encodeExportResponse(
  encoding: OtlpEncoding,
  signal: OtlpSignal,
  { rejected, errorMessage }: PartialSuccess,
): Uint8Array | string {
  const partial = rejected > 0 || errorMessage !== '';
  if (encoding === 'json') {
    const partialSuccess = { [REJECTED_FIELD[signal]]: String(rejected), errorMessage };
    return JSON.stringify(partial ? { partialSuccess } : {});
  }
  if (!partial) return new Uint8Array(0);
  const writer = Writer.create();
  writer.uint32((1 << 3) | 2).fork();
  if (rejected > 0) writer.uint32((1 << 3) | 0).int64(rejected);
  if (errorMessage) writer.uint32((2 << 3) | 2).string(errorMessage);
  writer.ldelim();
  return writer.finish();
}

/** google.rpc.Status{1 code int32, 2 message string}; JSON `{"code":3,"message":"..."}`. */
export function encodeStatus(
  encoding: OtlpEncoding,
  code: number,
  message: string,
): Uint8Array | string {
  if (encoding === 'json') return JSON.stringify({ code, message });
  const writer = Writer.create();
  writer.uint32((1 << 3) | 0).int32(code);
  writer.uint32((2 << 3) | 2).string(message);
  return writer.finish();
}

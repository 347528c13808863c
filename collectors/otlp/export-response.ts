import { Writer } from 'protobufjs/minimal';

/**
 * Bodies the OTLP/HTTP receiver answers with, in the encoding of the request: an
 * ExportTraceServiceResponse on success (with partial_success when spans were rejected) and a
 * google.rpc.Status on failure.
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
} as const;

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/**
 * ExportTraceServiceResponse{1 partial_success: ExportTracePartialSuccess{1 rejected_spans
 * int64, 2 error_message string}}. Without rejections the message is empty (`{}` in JSON).
 */
export function encodeExportResponse(
  encoding: OtlpEncoding,
  { rejectedSpans, errorMessage }: PartialSuccess,
): Uint8Array | string {
  const partial = rejectedSpans > 0 || errorMessage !== '';
  if (encoding === 'json') {
    return JSON.stringify(
      partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {},
    );
  }
  if (!partial) return new Uint8Array(0);
  const writer = Writer.create();
  writer.uint32((1 << 3) | 2).fork();
  if (rejectedSpans > 0) writer.uint32((1 << 3) | 0).int64(rejectedSpans);
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

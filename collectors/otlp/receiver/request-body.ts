import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { OtlpEncoding } from '../export-response';
import { RpcCode } from '../export-response';

const gunzipAsync = promisify(gunzip);

/** A request the receiver refuses, with the HTTP status and google.rpc code to answer with. */
export class ReceiverError extends Error {
  override readonly name = 'ReceiverError';
  constructor(
    readonly statusCode: number,
    readonly rpcCode: number,
    message: string,
    /** Sent as Retry-After with a retryable refusal (429/503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The OTLP encoding named by a Content-Type header (parameters such as charset allowed). */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  return undefined;
}

export type ContentEncoding = 'identity' | 'gzip';

/** The compression named by a Content-Encoding header; undefined for one we do not support. */
export function compressionOf(header: string | undefined): ContentEncoding | undefined {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  return undefined;
}

/**
 * Inflates a gzip body, refusing (413) as soon as the output would pass `maxBytes`: zlib stops
 * at maxOutputLength, so a gzip bomb is never inflated in full. A corrupt stream is a 400.
 */
export async function gunzipLimited(body: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ReceiverError(
        413,
        RpcCode.resourceExhausted,
        `decompressed body exceeds ${maxBytes} bytes`,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ReceiverError(400, RpcCode.invalidArgument, `invalid gzip body: ${reason}`);
  }
}

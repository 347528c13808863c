import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { OtlpDecodeError } from '../decode-error';
import {
  encodeExportResponse,
  encodeStatus,
  OTLP_CONTENT_TYPES,
  type OtlpEncoding,
  type OtlpSignal,
  RpcCode,
} from '../export-response';
import { InFlightBytes } from './in-flight-bytes';
import { compressionOf, encodingOf, gunzipLimited, ReceiverError } from './request-body';
import { OTLP_SIGNAL_PATHS, type SignalCallbacks, signalIngest } from './signals';

const MiB = 1024 * 1024;

/** An accepted request exactly as it arrived (for forwarding to another OTLP backend). */
export interface AcceptedRequest {
  signal: OtlpSignal;
  /** e.g. /v1/metrics */
  path: string;
  contentType: string;
  /** '' when the request had none. */
  contentEncoding: string;
  /** The body as received (still compressed when it was). */
  body: Buffer;
}

export interface OtlpReceiverOptions extends SignalCallbacks {
  /** Limit for the body both as received and after decompression. */
  maxBodyBytes: number;
  /** Bytes of request bodies held at once before answering 503 + Retry-After (default 64 MiB). */
  maxInFlightBytes?: number | undefined;
  /** Retry-After of an over-capacity answer, in seconds (default 1). */
  retryAfterSeconds?: number | undefined;
  /** Called after every accepted (200) request; an exception here never fails the request. */
  onAccepted?: ((request: AcceptedRequest) => void) | undefined;
}

/**
 * The OTLP/HTTP receiver: POST /v1/traces, /v1/metrics and /v1/logs with a protobuf or JSON
 * body, identity or gzip, answered as the OTLP/HTTP specification asks: 200 with the signal's
 * Export*ServiceResponse (partial_success when records were rejected); 400/413/415 with a
 * google.rpc.Status in the request's encoding; 503 + Retry-After when over capacity; 405 for
 * other methods. Decoded records go to the signal's callback.
 */
export function createOtlpReceiver(options: OtlpReceiverOptions): FastifyInstance {
  const { maxBodyBytes, onAccepted } = options;
  const inFlight = new InFlightBytes(options.maxInFlightBytes ?? 64 * MiB);
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  /** Bytes reserved per request, released once when its response closes. */
  const reserved = new WeakMap<FastifyRequest, number>();
  const ingest = signalIngest(options);
  const app = Fastify({ logger: false, bodyLimit: maxBodyBytes, forceCloseConnections: true });

  const overCapacity = () =>
    new ReceiverError(
      503,
      RpcCode.unavailable,
      `over capacity: ${inFlight.current} bytes of requests in flight; retry later`,
      retryAfterSeconds,
    );

  const reserve = (request: FastifyRequest, size: number): void => {
    if (!inFlight.tryReserve(size)) throw overCapacity();
    reserved.set(request, (reserved.get(request) ?? 0) + size);
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: maxBodyBytes },
    (request, body, done) => {
      try {
        // A body without Content-Length is counted once it has arrived.
        if (!reserved.has(request)) reserve(request, (body as Buffer).length);
        done(null, body);
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const encoding = encodingOf(request.headers['content-type']) ?? 'json';
    return sendStatus(reply, encoding, toReceiverError(error));
  });

  app.setNotFoundHandler((request, reply) =>
    sendStatus(
      reply,
      'json',
      new ReceiverError(404, RpcCode.unimplemented, `no such path: ${request.url}`),
    ),
  );

  for (const signal of Object.keys(OTLP_SIGNAL_PATHS) as OtlpSignal[]) {
    const path = OTLP_SIGNAL_PATHS[signal];
    app.route({
      method: 'POST',
      url: path,
      onRequest: async (request, reply) => {
        checkHeaders(request);
        reply.raw.once('close', () => {
          inFlight.release(reserved.get(request) ?? 0);
          reserved.delete(request);
        });
        const declared = Number(request.headers['content-length']);
        if (Number.isSafeInteger(declared) && declared >= 0 && declared <= maxBodyBytes) {
          reserve(request, declared);
        }
      },
      handler: async (request, reply) => {
        const encoding = encodingOf(request.headers['content-type'])!;
        const received = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const body =
          compressionOf(request.headers['content-encoding']) === 'gzip'
            ? await gunzipLimited(received, maxBodyBytes)
            : received;
        const rejections = ingest[signal](encoding, body);
        forward(onAccepted, {
          signal,
          path,
          contentType: request.headers['content-type'] ?? '',
          contentEncoding: request.headers['content-encoding'] ?? '',
          body: received,
        });
        return sendBody(reply, encoding, 200, encodeExportResponse(encoding, signal, rejections));
      },
    });

    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: path,
      handler: async (request, reply) => {
        reply.header('allow', 'POST');
        return sendStatus(
          reply,
          'json',
          new ReceiverError(405, RpcCode.unimplemented, `method ${request.method} not allowed`),
        );
      },
    });
  }

  return app;
}

function checkHeaders(request: FastifyRequest): void {
  const contentType = request.headers['content-type'];
  if (!encodingOf(contentType)) {
    throw new ReceiverError(
      415,
      RpcCode.invalidArgument,
      `unsupported content type ${JSON.stringify(contentType ?? '')}: use application/x-protobuf or application/json`,
    );
  }
  const contentEncoding = request.headers['content-encoding'];
  if (!compressionOf(contentEncoding)) {
    throw new ReceiverError(
      415,
      RpcCode.invalidArgument,
      `unsupported content encoding ${JSON.stringify(contentEncoding)}: use gzip or identity`,
    );
  }
}

function forward(onAccepted: OtlpReceiverOptions['onAccepted'], accepted: AcceptedRequest): void {
  if (!onAccepted) return;
  try {
    onAccepted(accepted);
  } catch {
    // Forwarding is best effort: it never fails ingest.
  }
}

function toReceiverError(error: FastifyError): ReceiverError {
  if (error instanceof ReceiverError) return error;
  if (error instanceof OtlpDecodeError) {
    return new ReceiverError(400, RpcCode.invalidArgument, error.message);
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return new ReceiverError(413, RpcCode.resourceExhausted, error.message);
  if (status === 415) return new ReceiverError(415, RpcCode.invalidArgument, error.message);
  if (status >= 400 && status < 500) {
    return new ReceiverError(status, RpcCode.invalidArgument, error.message);
  }
  return new ReceiverError(500, RpcCode.internal, 'internal error');
}

function sendStatus(reply: FastifyReply, encoding: OtlpEncoding, error: ReceiverError) {
  if (error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(error.retryAfterSeconds));
  }
  return sendBody(
    reply,
    encoding,
    error.statusCode,
    encodeStatus(encoding, error.rpcCode, error.message),
  );
}

function sendBody(
  reply: FastifyReply,
  encoding: OtlpEncoding,
  statusCode: number,
  body: Uint8Array | string,
) {
  const payload =
    typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return reply.code(statusCode).type(OTLP_CONTENT_TYPES[encoding]).send(payload);
}

import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { otlpRoutes } from '../../contracts/routes';
import { OtlpDecodeError } from '../decode-error';
import {
  encodeExportResponse,
  encodeStatus,
  OTLP_CONTENT_TYPES,
  type OtlpEncoding,
  RpcCode,
} from '../export-response';
import { decodeTraceRequestJson } from '../json-decoder';
import { decodeTraceRequestProtobuf } from '../protobuf-decoder';
import type { DecodedTraces } from '../span-record';
import { compressionOf, encodingOf, gunzipLimited, ReceiverError } from './request-body';

export interface OtlpReceiverOptions {
  /** Limit for the body both as received and after decompression. */
  maxBodyBytes: number;
  /** Receives the valid spans of every accepted request. */
  onTraces: (decoded: DecodedTraces) => void;
}

/**
 * The OTLP/HTTP trace receiver: POST /v1/traces with a protobuf or JSON body, identity or
 * gzip, answered as the OTLP/HTTP specification asks (200 with ExportTraceServiceResponse,
 * 400/413/415 with a google.rpc.Status in the request's encoding, 405 for other methods).
 */
export function createOtlpReceiver({
  maxBodyBytes,
  onTraces,
}: OtlpReceiverOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: maxBodyBytes, forceCloseConnections: true });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: maxBodyBytes },
    (_req, body, done) => done(null, body),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const encoding = encodingOf(request.headers['content-type']) ?? 'json';
    const refused = toReceiverError(error);
    return sendStatus(reply, encoding, refused);
  });

  app.setNotFoundHandler((request, reply) =>
    sendStatus(
      reply,
      'json',
      new ReceiverError(404, RpcCode.unimplemented, `no such path: ${request.url}`),
    ),
  );

  app.route({
    method: 'POST',
    url: otlpRoutes.traces,
    onRequest: async (request) => {
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
    },
    handler: async (request, reply) => {
      const encoding = encodingOf(request.headers['content-type'])!;
      const received = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const body =
        compressionOf(request.headers['content-encoding']) === 'gzip'
          ? await gunzipLimited(received, maxBodyBytes)
          : received;
      const decoded =
        encoding === 'protobuf' ? decodeTraceRequestProtobuf(body) : decodeTraceRequestJson(body);
      onTraces(decoded);
      return sendBody(reply, encoding, 200, encodeExportResponse(encoding, decoded));
    },
  });

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: otlpRoutes.traces,
    handler: async (request, reply) => {
      reply.header('allow', 'POST');
      return sendStatus(
        reply,
        'json',
        new ReceiverError(405, RpcCode.unimplemented, `method ${request.method} not allowed`),
      );
    },
  });

  return app;
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

import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The baseline for the HTTP round trip: the same Fastify set-up as the OTLP receiver (the
 * body read into a Buffer, same body limit, same route) answering 200 with an empty
 * ExportTraceServiceResponse, but without decoding, storing or processing anything.
 */
export function createSinkServer(maxBodyBytes: number): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: maxBodyBytes, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: maxBodyBytes },
    (_req, body, done) => done(null, body),
  );
  app.post('/v1/traces', async (_request, reply) =>
    reply.code(200).type('application/x-protobuf').send(Buffer.alloc(0)),
  );
  return app;
}

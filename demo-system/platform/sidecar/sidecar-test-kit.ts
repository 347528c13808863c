import { mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type DevPki, openDevPki } from '../pki/dev-pki';
import { closeServer, listenOn } from './http-io';

/** Test support for sidecar tests: tracers that keep spans, a recording app, a throwaway PKI. */

export interface SpanSink {
  tracer(service: string): Tracer;
  spans(): ReadableSpan[];
  reset(): void;
  shutdown(): Promise<void>;
}

/** One in-memory exporter; one provider per service so each span carries its service.name. */
export function spanSink(): SpanSink {
  const exporter = new InMemorySpanExporter();
  const providers: BasicTracerProvider[] = [];
  return {
    tracer: (service) => {
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      providers.push(provider);
      return provider.getTracer(`test/${service}`);
    },
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: async () => {
      await Promise.all(providers.map((p) => p.shutdown()));
    },
  };
}

export const serviceOf = (span: ReadableSpan): unknown => span.resource.attributes['service.name'];

export interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (hit: Hit, response: ServerResponse) => void;

export interface RecordingApp {
  url: string;
  hits: Hit[];
  /** How the app answers; default 200 with `{"ok":true}`. Replace per test. */
  respond: Responder;
  /** Answers every request left hanging (by a responder that did not answer). */
  releaseHanging(): void;
  close(): Promise<void>;
}

export const answerJson =
  (status: number, body: Record<string, unknown> = {}): Responder =>
  (_hit, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

/** A responder that never answers until releaseHanging(). */
export const hang: Responder = () => undefined;

/** A plain HTTP service on 127.0.0.1:0 that records every request it gets. */
export async function startRecordingApp(): Promise<RecordingApp> {
  const hits: Hit[] = [];
  const open = new Set<ServerResponse>();
  const app: RecordingApp = {
    url: '',
    hits,
    respond: answerJson(200, { ok: true }),
    releaseHanging: () => {
      for (const response of open) answerJson(200, { released: true })({} as Hit, response);
    },
    close: () => closeServer(server),
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hit = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      hits.push(hit);
      open.add(response);
      response.on('close', () => open.delete(response));
      app.respond(hit, response);
    });
  });
  const port = await listenOn(server, '127.0.0.1', 0);
  app.url = `http://127.0.0.1:${port}`;
  return app;
}

export interface TestPki {
  pki: DevPki;
  dispose(): Promise<void>;
}

export async function testPki(label: string): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), `sidecar-helper-${label}-`));
  const pki = await openDevPki({ dir });
  return { pki, dispose: () => rm(dir, { recursive: true, force: true }) };
}

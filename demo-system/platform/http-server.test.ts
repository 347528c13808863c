import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryLogs } from '../testing/memory-logs';
import { HttpError } from './http-errors';
import { createServiceApp, isOperationalRoute, listen } from './http-server';
import { installContextManager } from './telemetry';

describe('isOperationalRoute', () => {
  it('names health, audit, admin and projection routes, not the business routes', () => {
    for (const route of [
      '/health',
      '/audit',
      '/admin/behaviour',
      '/projections',
      '/projections/:name/:action',
    ]) {
      expect(isOperationalRoute(route), route).toBe(true);
    }
    for (const route of [
      undefined,
      '/accounts/:id',
      '/transfers',
      '/auditors',
      '/projection-report',
    ]) {
      expect(isOperationalRoute(route), String(route)).toBe(false);
    }
  });
});

describe('the service kit traces business routes only', () => {
  installContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const app = createServiceApp({ serviceName: 'kit', tracer: provider.getTracer('kit') });
  app.get('/audit', async () => ({ ok: true }));
  app.get('/projections', async () => []);
  app.get('/things/:id', async () => ({ ok: true }));
  afterAll(async () => {
    await app.close();
    await provider.shutdown();
  });

  it('opens a server span for /things/:id but none for /health, /audit or /projections', async () => {
    const { url } = await listen(app, '127.0.0.1', 0);
    for (const path of ['/health', '/audit', '/projections', '/things/1']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(200);
    }
    // A probe for an operational route the service does not have: 404, still untraced.
    expect((await fetch(`${url}/projections/nope/pause`, { method: 'POST' })).status).toBe(404);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET /things/:id']);
  });
});

describe('the service kit logs traced 5xx answers in their trace', () => {
  installContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const { logger, records } = memoryLogs('kit');
  const app = createServiceApp({ serviceName: 'kit', tracer: provider.getTracer('kit'), logger });
  app.get('/things/:id', async (request) => {
    const { id } = request.params as { id: string };
    if (id === 'down')
      throw new HttpError(503, 'upstream_unavailable', { message: 'accounts did not answer' });
    if (id === 'bug') throw new Error('boom');
    if (id === 'missing') throw new HttpError(404, 'not_found', { message: 'no such thing' });
    return { ok: true };
  });
  app.get('/audit', async () => {
    throw new Error('audit broke');
  });
  afterAll(async () => {
    await app.close();
    await provider.shutdown();
  });

  it('one ERROR line per 5xx, with the route, status and what the body said; none for 2xx, 4xx or untraced routes', async () => {
    const { url } = await listen(app, '127.0.0.1', 0);
    const quiet = console.error;
    console.error = () => undefined; // the kit also prints unexpected errors
    try {
      for (const [path, status] of [
        ['/things/1', 200],
        ['/things/missing', 404],
        ['/things/down', 503],
        ['/things/bug', 500],
        ['/audit', 500],
      ] as const) {
        expect((await fetch(`${url}${path}`)).status, path).toBe(status);
      }
    } finally {
      console.error = quiet;
    }
    const lines = records.getFinishedLogRecords();
    expect(lines.map((l) => [l.severityText, l.body])).toEqual([
      ['ERROR', 'GET /things/:id answered 503: upstream_unavailable: accounts did not answer'],
      ['ERROR', 'GET /things/:id answered 500: internal_error'],
    ]);
    const spans = exporter
      .getFinishedSpans()
      .filter((s) => s.attributes['url.path'] !== '/things/1');
    const down = spans.find((s) => s.attributes['url.path'] === '/things/down');
    expect(lines[0]?.spanContext?.traceId).toBe(down?.spanContext().traceId);
    expect(lines[0]?.spanContext?.spanId).toBe(down?.spanContext().spanId);
    expect(lines[0]?.attributes['http.response.status_code']).toBe(503);
  });
});

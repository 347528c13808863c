import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
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

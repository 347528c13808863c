import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphSnapshot } from '../contracts/graph';
import { HealthResponse } from '../contracts/health';
import { apiRoutes } from '../contracts/routes';
import { GraphMessage, HelloMessage, StreamMessage } from '../contracts/stream';
import { at, fixtureSpan } from '../processors/fixture-spans';
import { ServiceGraph } from '../processors/service-graph';
import { SpanStore } from '../store/span-store';
import { createApiServer } from './api-server';
import { readSseEvents } from './sse-test-client';

let app: FastifyInstance;
let baseUrl: string;
const graph = new ServiceGraph({ clock: () => at(0) });
const store = new SpanStore(100);

/**
 *   user
 *    └─ gateway  A  SERVER
 *        └─ gateway  B  CLIENT
 *            └─ accounts  C  SERVER
 */
const spans = [
  fixtureSpan({ id: 'a', service: 'gateway', kind: 'server', start: 0, end: 10 }),
  fixtureSpan({ id: 'b', parent: 'a', service: 'gateway', kind: 'client', start: 1, end: 9 }),
  fixtureSpan({ id: 'c', parent: 'b', service: 'accounts', kind: 'server', start: 2, end: 8 }),
];

beforeAll(async () => {
  store.add(spans);
  graph.consume(spans);
  app = createApiServer({ store, graph, streamIntervalMs: 50 });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
});

describe('query API', () => {
  it('GET /health answers {status: ok}', async () => {
    const response = await fetch(`${baseUrl}${apiRoutes.health}`);
    expect(response.status).toBe(200);
    expect(HealthResponse.parse(await response.json())).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/graph answers a GraphSnapshot', async () => {
    const snapshot = GraphSnapshot.parse(
      await (await fetch(`${baseUrl}${apiRoutes.graph}`)).json(),
    );
    expect(snapshot.edges.map((e) => e.id).sort()).toEqual(['gateway->accounts', 'user->gateway']);
  });

  it('GET /api/v1/traces/:id validates the id, answers 404 when unknown', async () => {
    const traceId = spans[0]!.traceId;
    const found = await fetch(`${baseUrl}${apiRoutes.trace(traceId.toUpperCase())}`);
    expect(found.status).toBe(200);
    expect((await found.json()).spans).toHaveLength(3);
    const invalid = await fetch(`${baseUrl}${apiRoutes.trace('1234')}`);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toMatch(/32 hexadecimal/);
    expect((await fetch(`${baseUrl}${apiRoutes.trace('a'.repeat(32))}`)).status).toBe(404);
  });

  it('unknown routes answer 404 JSON', async () => {
    const response = await fetch(`${baseUrl}/api/v1/unknown`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toHaveProperty('error');
  });
});

describe('live stream (SSE)', () => {
  it('sends hello, then graph messages that parse with the contract', async () => {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}${apiRoutes.stream}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const [first, second, third] = await readSseEvents(response, 3);
    controller.abort();
    expect(first?.event).toBe('hello');
    const hello = HelloMessage.parse(JSON.parse(first!.data));
    expect(hello.data.collectorVersion).toMatch(/^\d+\.\d+\.\d+/);

    for (const message of [second, third]) {
      expect(message?.event).toBe('graph');
      const parsed = StreamMessage.parse(JSON.parse(message!.data));
      expect(parsed.type).toBe('graph');
      const graphMessage = GraphMessage.parse(parsed);
      expect(graphMessage.data.edges.map((e) => e.id)).toContain('gateway->accounts');
    }
  });
});

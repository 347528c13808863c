import { createServer } from 'node:net';
import { context, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCollectorsConfig } from './config';
import { ConsumerLagResponse } from './contracts/consumer-lag';
import { type GraphEdge, GraphSnapshot } from './contracts/graph';
import { HealthResponse } from './contracts/health';
import { apiRoutes, otlpRoutes } from './contracts/routes';
import { Trace } from './contracts/traces';
import { type RunningCollectors, startCollectors } from './start-collectors';

let collectors: RunningCollectors;
const providers: BasicTracerProvider[] = [];

beforeAll(async () => {
  const config = parseCollectorsConfig({ COLLECTORS_OTLP_PORT: '0', COLLECTORS_API_PORT: '0' });
  collectors = await startCollectors(config);
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.shutdown()));
  await collectors?.close();
});

/** A provider per service, exporting with the official OTLP/HTTP protobuf exporter. */
function tracerFor(
  service: string,
  batch = false,
): { tracer: Tracer; provider: BasicTracerProvider } {
  const url = `${collectors.otlpUrl}${otlpRoutes.traces}`;
  const exporter = batch
    ? new OTLPTraceExporter({ url, compression: 'gzip' as CompressionAlgorithm })
    : new OTLPTraceExporter({ url });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)],
  });
  providers.push(provider);
  return { tracer: provider.getTracer('integration-test'), provider };
}

/** The server side of a call: a SERVER span whose remote parent is the caller's client span. */
function serve(tracer: Tracer, name: string, caller: Span): void {
  const remote = trace.setSpanContext(context.active(), {
    ...caller.spanContext(),
    isRemote: true,
  });
  tracer.startSpan(name, { kind: SpanKind.SERVER }, remote).end();
}

async function poll<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

describe('collectors end to end with the official OTLP exporter', () => {
  it('answers /health', async () => {
    const response = await fetch(`${collectors.apiUrl}${apiRoutes.health}`);
    expect(HealthResponse.parse(await response.json())).toEqual({ status: 'ok' });
  });

  /**
   *   gateway   SERVER  POST /transfer
   *    ├─ gateway   CLIENT  POST accounts /debit
   *    │   └─ accounts  SERVER  POST /debit
   *    └─ gateway   CLIENT  POST payments /charge
   *        └─ payments  SERVER  POST /charge
   */
  it('builds gateway->accounts and gateway->payments edges and serves the trace', async () => {
    const gateway = tracerFor('gateway', true);
    const accounts = tracerFor('accounts');
    const payments = tracerFor('payments');

    const root = gateway.tracer.startSpan('POST /transfer', { kind: SpanKind.SERVER });
    const inRoot = trace.setSpan(context.active(), root);
    const toAccounts = gateway.tracer.startSpan(
      'POST accounts /debit',
      { kind: SpanKind.CLIENT },
      inRoot,
    );
    serve(accounts.tracer, 'POST /debit', toAccounts);
    toAccounts.end();
    const toPayments = gateway.tracer.startSpan(
      'POST payments /charge',
      { kind: SpanKind.CLIENT },
      inRoot,
    );
    serve(payments.tracer, 'POST /charge', toPayments);
    toPayments.end();
    root.end();
    await Promise.all([gateway, accounts, payments].map(({ provider }) => provider.forceFlush()));

    const snapshot = await poll(async () => {
      const response = await fetch(`${collectors.apiUrl}${apiRoutes.graph}`);
      const graph = GraphSnapshot.parse(await response.json());
      const ids = graph.edges.map((e) => e.id);
      return ids.includes('gateway->accounts') && ids.includes('gateway->payments')
        ? graph
        : undefined;
    }, 'edges gateway->accounts and gateway->payments');

    const edges = Object.fromEntries(snapshot.edges.map((e) => [e.id, e])) as Record<
      string,
      GraphEdge
    >;
    expect(edges['gateway->accounts']).toMatchObject({
      requestCount: 1,
      errorCount: 0,
      connectionType: 'http',
    });
    expect(edges['gateway->payments']).toMatchObject({
      requestCount: 1,
      errorCount: 0,
      connectionType: 'http',
    });
    expect(edges['user->gateway']).toMatchObject({ requestCount: 1 });
    expect(snapshot.nodes.map((n) => n.id).sort()).toEqual([
      'accounts',
      'gateway',
      'payments',
      'user',
    ]);

    const traceId = root.spanContext().traceId;
    const response = await fetch(`${collectors.apiUrl}${apiRoutes.trace(traceId)}`);
    expect(response.status).toBe(200);
    const stored = Trace.parse(await response.json());
    expect(stored.traceId).toBe(traceId);
    expect(stored.spans.map((s) => `${s.service}:${s.kind}:${s.name}`).sort()).toEqual([
      'accounts:server:POST /debit',
      'gateway:client:POST accounts /debit',
      'gateway:client:POST payments /charge',
      'gateway:server:POST /transfer',
      'payments:server:POST /charge',
    ]);
    const debit = stored.spans.find((s) => s.name === 'POST /debit')!;
    expect(debit.parentSpanId).toBe(toAccounts.spanContext().spanId);
  });

  it('answers 400 for a malformed trace id and 404 for an unknown one', async () => {
    const bad = await fetch(`${collectors.apiUrl}${apiRoutes.trace('not-a-trace-id')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty('error');
    const unknown = await fetch(`${collectors.apiUrl}${apiRoutes.trace('f'.repeat(32))}`);
    expect(unknown.status).toBe(404);
    const nowhere = await fetch(`${collectors.apiUrl}/api/v1/nothing`);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toHaveProperty('error');
  });

  it('forwards every accepted request to the configured OTLP endpoint', async () => {
    const forwarding = await startCollectors(
      parseCollectorsConfig({
        COLLECTORS_OTLP_PORT: '0',
        COLLECTORS_API_PORT: '0',
        COLLECTORS_FORWARD_OTLP_ENDPOINT: collectors.otlpUrl,
      }),
    );
    try {
      const exporter = new OTLPTraceExporter({ url: `${forwarding.otlpUrl}${otlpRoutes.traces}` });
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'forwarded' }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      providers.push(provider);
      const span = provider.getTracer('forward-test').startSpan('hop');
      span.end();
      await provider.forceFlush();
      const traceId = span.spanContext().traceId;
      // held by the forwarding collectors and, through the forwarder, by the downstream ones
      for (const apiUrl of [forwarding.apiUrl, collectors.apiUrl]) {
        await poll(async () => {
          const response = await fetch(`${apiUrl}${apiRoutes.trace(traceId)}`);
          return response.ok ? true : undefined;
        }, `the forwarded trace at ${apiUrl}`);
      }
      expect(forwarding.forwarder?.stats()).toMatchObject({ forwarded: 1, dropped: 0 });
    } finally {
      await forwarding.close();
    }
  });

  it('in Kafka mode polls consumer lag and reports a broker that cannot be reached', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve)); // nothing listens there now
    const kafka = await startCollectors(
      parseCollectorsConfig({
        COLLECTORS_OTLP_PORT: '0',
        COLLECTORS_API_PORT: '0',
        KAFKA_BROKERS: `127.0.0.1:${port}`,
        COLLECTORS_LAG_INTERVAL_MS: '100',
      }),
    );
    try {
      const body = await poll(async () => {
        const response = await fetch(`${kafka.apiUrl}${apiRoutes.consumerLag}`);
        const lag = ConsumerLagResponse.parse(await response.json());
        return lag.enabled && lag.snapshot.error !== null ? lag : undefined;
      }, 'a failed poll in the consumer-lag snapshot');
      expect(body.enabled && body.snapshot).toMatchObject({
        brokers: [`127.0.0.1:${port}`],
        groups: [],
      });
    } finally {
      await kafka.close();
    }
    const off = await fetch(`${collectors.apiUrl}${apiRoutes.consumerLag}`);
    expect(ConsumerLagResponse.parse(await off.json()).enabled).toBe(false);
  });
});

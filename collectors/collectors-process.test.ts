import {
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  breakerAttributes,
  breakerEvents,
  faultAttributes,
  faultEvents,
  sagaAttributes,
} from './contracts/conventions';
import { FaultsSnapshot } from './contracts/faults';
import { GraphSnapshot } from './contracts/graph';
import { BreakersResponse, ServicesResponse } from './contracts/query-api';
import { apiRoutes, otlpRoutes } from './contracts/routes';
import { SagaTimeline } from './contracts/sagas';
import { TraceSearchResponse } from './contracts/trace-search';
import { Trace } from './contracts/traces';
import { type CollectorsProcess, startCollectorsProcess } from './test-support/collectors-process';

/**
 * The collectors as users run them: `node --import tsx collectors/main.ts` in a separate
 * process, fed by the official OpenTelemetry JS OTLP/HTTP protobuf exporters, read back through
 * the query API. (Logs and CQRS: collectors-process-signals.test.ts.)
 */

let collectors: CollectorsProcess;
let apiUrl: string;
let otlpUrl: string;
const providers: BasicTracerProvider[] = [];
const poll = <T>(read: () => Promise<T | undefined>, what: string) => collectors.poll(read, what);
const getJson = (path: string) => collectors.getJson(path);

beforeAll(async () => {
  collectors = await startCollectorsProcess();
  ({ apiUrl, otlpUrl } = collectors);
}, 30_000);

afterAll(async () => {
  await Promise.all(providers.map((p) => p.shutdown()));
  await collectors?.stop();
});

function tracerFor(service: string): { tracer: Tracer; provider: BasicTracerProvider } {
  const exporter = new OTLPTraceExporter({ url: `${otlpUrl}${otlpRoutes.traces}` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  providers.push(provider);
  return { tracer: provider.getTracer('process-test'), provider };
}

const sagaStep = (step: string, kind: 'action' | 'compensation') => ({
  [sagaAttributes.id]: 'saga-process-1',
  [sagaAttributes.name]: 'transfer',
  [sagaAttributes.step]: step,
  [sagaAttributes.stepKind]: kind,
});

/**
 *   gateway   SERVER  POST /transfer
 *    └─ gateway   CLIENT  POST /pay
 *        └─ payments  SERVER  POST /pay
 *            ├─ payments  reserve   (saga action)
 *            ├─ payments  debit     (saga action, ERROR)
 *            ├─ payments  release   (saga compensation)
 *            └─ payments  CLIENT call partner   event circuit_breaker.state_change closed->open
 */
function sendTransfer(gateway: Tracer, payments: Tracer): string {
  const root = gateway.startSpan('POST /transfer', { kind: SpanKind.SERVER });
  const client = gateway.startSpan(
    'POST /pay',
    { kind: SpanKind.CLIENT },
    trace.setSpan(context.active(), root),
  );
  const remote = trace.setSpanContext(context.active(), {
    ...client.spanContext(),
    isRemote: true,
  });
  const server = payments.startSpan('POST /pay', { kind: SpanKind.SERVER }, remote);
  const inServer = trace.setSpan(context.active(), server);
  // Explicit times, so the steps' order does not depend on the clock's resolution.
  const base = Date.now();
  let next = 0;
  const step = (name: string, attributes: Record<string, string>, failed = false): Span => {
    next++;
    const span = payments.startSpan(name, { attributes, startTime: base + next * 5 }, inServer);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: 'insufficient funds' });
    span.end(base + next * 5 + 3);
    return span;
  };
  step('reserve', sagaStep('reserve', 'action'));
  step('debit', sagaStep('debit', 'action'), true);
  step('release', sagaStep('release', 'compensation'));
  const partner = payments.startSpan('call partner', { kind: SpanKind.CLIENT }, inServer);
  partner.addEvent(breakerEvents.stateChange, {
    [breakerAttributes.name]: 'partner-bank',
    [breakerAttributes.peer]: 'partner-bank',
    [breakerAttributes.from]: 'closed',
    [breakerAttributes.to]: 'open',
  });
  partner.end();
  server.end();
  client.end();
  root.end();
  return root.spanContext().traceId;
}

describe('collectors in a separate process, fed by the official OTLP exporter', () => {
  it('answers graph, trace, search, saga, breaker and service queries', async () => {
    const gateway = tracerFor('gateway');
    const payments = tracerFor('payments');
    const traceId = sendTransfer(gateway.tracer, payments.tracer);
    await Promise.all([gateway.provider.forceFlush(), payments.provider.forceFlush()]);

    const graph = await poll(async () => {
      const snapshot = GraphSnapshot.parse(await getJson(apiRoutes.graph));
      return snapshot.edges.some((e) => e.id === 'gateway->payments') ? snapshot : undefined;
    }, 'edge gateway->payments');
    expect(graph.edges.find((e) => e.id === 'gateway->payments')).toMatchObject({
      requestCount: 1,
    });

    const stored = await poll(async () => {
      const t = Trace.parse(await getJson(apiRoutes.trace(traceId)));
      return t.spans.length === 7 ? t : undefined;
    }, 'all 7 spans of the trace');
    expect(stored.spans.map((s) => s.name)).toContain('release');

    const { traces } = TraceSearchResponse.parse(
      await getJson(`${apiRoutes.traces}?service=payments&status=error`),
    );
    expect(traces.map((t) => t.traceId)).toEqual([traceId]);

    const saga = SagaTimeline.parse(await getJson(apiRoutes.saga('saga-process-1')));
    expect(saga.steps.map((s) => [s.name, s.kind, s.status])).toEqual([
      ['reserve', 'action', 'unset'],
      ['debit', 'action', 'error'],
      ['release', 'compensation', 'unset'],
    ]);
    expect(saga.status).toBe('compensating'); // inferred: compensated once it settles

    const { breakers } = BreakersResponse.parse(await getJson(apiRoutes.breakers));
    expect(breakers.map((b) => [b.key, b.state, b.transitions.length])).toEqual([
      ['payments/partner-bank', 'open', 1],
    ]);

    const { services } = ServicesResponse.parse(await getJson(apiRoutes.services));
    expect(services.map((s) => s.name).sort()).toEqual(['gateway', 'payments']);

    const metrics = await (await fetch(`${apiUrl}${apiRoutes.metrics}`)).text();
    expect(metrics).toContain('\npatternscope_collector_spans_received_total 7\n');
  });
  it('turns event log records into fault windows and counts metric points', async () => {
    const logs = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'control' }),
      processors: [
        new SimpleLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: `${otlpUrl}/v1/logs` }),
        }),
      ],
    });
    const logger = logs.getLogger('process-test');
    const fault = {
      [faultAttributes.id]: 'fault-process-1',
      [faultAttributes.kind]: 'latency',
      [faultAttributes.target]: 'payments',
    };
    logger.emit({ eventName: faultEvents.started, attributes: fault, timestamp: Date.now() - 10 });
    logger.emit({ eventName: faultEvents.ended, attributes: fault, timestamp: Date.now() });
    await logs.forceFlush();
    await logs.shutdown();

    const faults = await poll(async () => {
      const snapshot = FaultsSnapshot.parse(await getJson(apiRoutes.faults));
      return snapshot.history.length > 0 ? snapshot : undefined;
    }, 'the fault window');
    expect(faults.history.map((f) => [f.id, f.kind, f.service])).toEqual([
      ['fault-process-1', 'latency', 'control'],
    ]);

    const meters = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'ledger' }),
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: `${otlpUrl}/v1/metrics` }),
          exportIntervalMillis: 60_000,
        }),
      ],
    });
    meters.getMeter('process-test').createCounter('ledger.entries').add(3);
    await meters.forceFlush();
    await meters.shutdown();
    await poll(async () => {
      const text = await (await fetch(`${apiUrl}${apiRoutes.metrics}`)).text();
      return /\npatternscope_collector_metric_points_received_total [1-9]/.test(text)
        ? text
        : undefined;
    }, 'metric points counted');
    const { services } = ServicesResponse.parse(await getJson(apiRoutes.services));
    expect(services.map((s) => s.name)).toContain('ledger');
  });
});

import { context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cqrsAttributes, cqrsEvents, cqrsMetrics } from './contracts/conventions';
import { CqrsSnapshot } from './contracts/cqrs';
import { LogsResponse } from './contracts/logs';
import { apiRoutes, otlpRoutes } from './contracts/routes';
import { type CollectorsProcess, startCollectorsProcess } from './test-support/collectors-process';

/**
 * The collectors in a separate process, fed logs and metrics by the official OpenTelemetry JS
 * OTLP/HTTP protobuf exporters: logs correlated with their trace, CQRS lag from the position
 * gauges, and the projection state from an event log record.
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

function tracerFor(service: string) {
  const exporter = new OTLPTraceExporter({ url: `${otlpUrl}${otlpRoutes.traces}` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  providers.push(provider);
  return { tracer: provider.getTracer('process-test'), provider };
}

describe('collectors in a separate process: logs and metrics', () => {
  it('correlates logs with their trace, and derives CQRS lag from real metrics', async () => {
    // a log line inside a span: the SDK stamps the span's trace and span ids on the record
    const { tracer, provider } = tracerFor('ledger');
    const logs = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'ledger' }),
      processors: [
        new SimpleLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: `${otlpUrl}${otlpRoutes.logs}` }),
        }),
      ],
    });
    const logger = logs.getLogger('process-test');
    const span = tracer.startSpan('apply events');
    logger.emit({
      body: 'projection balances fell behind',
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      context: trace.setSpan(context.active(), span),
    });
    logger.emit({ body: 'unrelated line', severityNumber: SeverityNumber.INFO });
    logger.emit({
      eventName: cqrsEvents.paused,
      attributes: { [cqrsAttributes.projection]: 'balances' },
    });
    span.end();
    await Promise.all([provider.forceFlush(), logs.forceFlush()]);
    await logs.shutdown();
    const { traceId, spanId } = span.spanContext();
    const correlated = await poll(async () => {
      const body = LogsResponse.parse(await getJson(apiRoutes.traceLogs(traceId)));
      return body.logs.length > 0 ? body.logs : undefined;
    }, 'the log correlated with the trace');
    expect(correlated.map((l) => [l.body, l.severityNumber, l.spanId])).toEqual([
      ['projection balances fell behind', SeverityNumber.WARN, spanId],
    ]);

    // two exports of the position gauges: head 80 / position 80, then head 100 / position 90
    const meters = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'ledger' }),
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: `${otlpUrl}${otlpRoutes.metrics}` }),
          exportIntervalMillis: 60_000,
        }),
      ],
    });
    const meter = meters.getMeter('process-test');
    const head = meter.createGauge(cqrsMetrics.eventstorePosition);
    const position = meter.createGauge(cqrsMetrics.projectionPosition);
    const balances = { [cqrsAttributes.projection]: 'balances' };
    head.record(80);
    position.record(80, balances);
    await meters.forceFlush();
    const firstExport = Date.now();
    while (Date.now() <= firstExport + 2) await new Promise((resolve) => setImmediate(resolve));
    head.record(100);
    position.record(90, balances);
    await meters.forceFlush();
    await meters.shutdown();

    const cqrs = await poll(async () => {
      const snapshot = CqrsSnapshot.parse(await getJson(apiRoutes.cqrs));
      const view = snapshot.projections.find((p) => p.key === 'ledger/balances');
      return view?.position === 90 ? view : undefined;
    }, 'projection ledger/balances at position 90');
    expect(cqrs).toMatchObject({
      store: 'ledger',
      headPosition: 100,
      lagEvents: 10,
      lagMsSource: 'estimated',
      state: 'paused',
    });
    expect(cqrs.lagMs).toBeGreaterThan(0);
    // one sample per export (shutdown exports once more)
    expect(cqrs.history.map((h) => h.lagEvents).slice(0, 2)).toEqual([0, 10]);
    const text = await (await fetch(`${apiUrl}${apiRoutes.metrics}`)).text();
    expect(text).toContain(
      '\npatternscope_projection_lag_events{service="ledger",projection="balances",store="ledger"} 10\n',
    );
  });
});

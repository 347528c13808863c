import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createEmbeddedBus } from '../../platform/bus/embedded-bus';
import type { EventBus } from '../../platform/bus/event-bus';
import type { Database, ServiceDb } from '../../platform/db';
import type { RunningService } from '../../platform/service';
import { installContextManager, type ServiceTelemetry } from '../../platform/telemetry';
import { eventually, jsonRequest } from '../../testing/http';
import { memoryLogs } from '../../testing/memory-logs';
import { accountsSchema } from './migrations';
import type { ProjectionStatus } from './projections/runner';
import { ACCOUNTS_SERVICE, startAccountsService } from './server';

/**
 * Test support for the accounts suites: the service on a real database and an embedded bus,
 * with telemetry kept in memory (spans, and metrics collected on demand), and HTTP helpers.
 */
class OnDemandReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export function memoryTelemetry() {
  installContextManager();
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const { logger, records: logs } = memoryLogs('accounts-test');
  const telemetry: ServiceTelemetry = {
    serviceName: ACCOUNTS_SERVICE,
    tracer: tracerProvider.getTracer('accounts-test'),
    meter: meterProvider.getMeter('accounts-test'),
    logger,
    flush: async () => {},
    shutdown: async () => {},
  };
  /** The current value of each gauge point: [metric name, attributes, value]. */
  const gauges = async () => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.flatMap((metric) =>
        metric.dataPoints.map((point) => ({
          name: metric.descriptor.name,
          attributes: point.attributes,
          value: point.value as number,
        })),
      ),
    );
  };
  /** Span events named `name` (with their attributes), oldest first. */
  const spanEvents = (name: string) =>
    spans
      .getFinishedSpans()
      .flatMap((span) => span.events.filter((event) => event.name === name))
      .map((event) => event.attributes ?? {});
  return { telemetry, spans, logs, gauges, spanEvents };
}

export interface AccountsHarness {
  service: RunningService;
  bus: EventBus;
  db: ServiceDb;
  memory: ReturnType<typeof memoryTelemetry>;
  url: string;
  open(owner: string, customerId?: string, currency?: string): Promise<string>;
  entry(
    accountId: string,
    kind: 'deposits' | 'debits' | 'credits',
    amountCents: number,
    reference?: string,
    currency?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  projections(): Promise<ProjectionStatus[]>;
  projection(name: string): Promise<ProjectionStatus>;
  /** Waits until every projection is running and has applied the head. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startAccountsHarness(
  database: Database,
  options: { readWaitMs?: number; bus?: EventBus } = {},
): Promise<AccountsHarness> {
  const bus = options.bus ?? createEmbeddedBus();
  const memory = memoryTelemetry();
  const service = await startAccountsService({
    host: '127.0.0.1',
    port: 0,
    otlpEndpoint: 'http://127.0.0.1:1',
    database,
    bus,
    telemetry: memory.telemetry,
    log: process.env.ACCOUNTS_TEST_LOG ? (line) => console.log(line) : () => {},
    readWaitMs: options.readWaitMs ?? 0,
    projections: { pollMs: 50, statusEveryMs: 100 },
  });
  const db = await database.openSchema(accountsSchema);
  const url = service.url;
  const projections = async () =>
    (await jsonRequest<ProjectionStatus[]>('GET', `${url}/projections`)).body;
  const harness: AccountsHarness = {
    service,
    bus,
    db,
    memory,
    url,
    open: async (owner, customerId, currency = 'EUR') => {
      const response = await jsonRequest(
        'POST',
        `${url}/accounts`,
        { owner, currency },
        customerId ? { 'x-customer-id': customerId } : {},
      );
      if (response.status !== 201) throw new Error(`open answered ${response.status}`);
      return String(response.body.id);
    },
    entry: (accountId, kind, amountCents, reference, currency) =>
      jsonRequest('POST', `${url}/accounts/${accountId}/${kind}`, {
        amountCents,
        ...(reference === undefined ? {} : { reference }),
        ...(currency === undefined ? {} : { currency }),
      }),
    projections,
    projection: async (name) => {
      const found = (await projections()).find((status) => status.name === name);
      if (!found) throw new Error(`no projection ${name}`);
      return found;
    },
    caughtUp: async (timeoutMs = 10_000) => {
      await eventually(
        async () => {
          const all = await projections();
          return all.every((p) => p.state === 'running' && p.lagEvents === 0) ? true : undefined;
        },
        timeoutMs,
        'the projections to catch up',
      );
    },
    close: async () => {
      await service.close();
      if (!options.bus) await bus.close();
    },
  };
  return harness;
}

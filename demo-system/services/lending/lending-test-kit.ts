import { metrics } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createEmbeddedBus } from '../../platform/bus/embedded-bus';
import type { BusMessage, EventBus, Subscription } from '../../platform/bus/event-bus';
import { TOPICS } from '../../platform/events/catalog';
import { type EventEnvelope, parseEvent } from '../../platform/events/envelope';
import type { RunningService } from '../../platform/service';
import { installContextManager, type ServiceTelemetry } from '../../platform/telemetry';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import { memoryLogs } from '../../testing/memory-logs';
import { startAccountsService } from '../accounts/server';
import { startKycService } from '../kyc/server';
import {
  type AccountsParticipantStub,
  startAccountsParticipantStub,
} from './accounts-participant-stub';
import type { SagaDeadlines } from './saga-deadlines';
import { startLendingService } from './server';

/**
 * Test support: lending with real accounts and kyc over HTTP (port 0, no sidecars) and the
 * loan saga over a real embedded bus. With `stub`, accounts' own saga consumer listens on
 * another bus and the stand-in (accounts-participant-stub.ts) plays its step, so a test can
 * make it refuse or stay silent.
 */
const common = { host: '127.0.0.1', port: 0, otlpEndpoint: 'http://127.0.0.1:1' };

/** Lending's telemetry in memory, so tests can read its saga spans and log lines. */
function inMemoryTelemetry(serviceName: string): {
  telemetry: ServiceTelemetry;
  spans: InMemorySpanExporter;
  logs: ReturnType<typeof memoryLogs>['records'];
} {
  installContextManager();
  const spans = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const { logger, records: logs } = memoryLogs(serviceName);
  return {
    spans,
    logs,
    telemetry: {
      serviceName,
      tracer: provider.getTracer(serviceName),
      meter: metrics.getMeter(serviceName),
      logger,
      flush: () => provider.forceFlush(),
      shutdown: () => provider.shutdown(),
    },
  };
}

export interface LendingWorld {
  data: TestDatabase;
  bus: EventBus;
  accounts: RunningService;
  kyc: RunningService;
  lending: RunningService;
  stub: AccountsParticipantStub | undefined;
  /** Lending's finished spans. */
  spans: InMemorySpanExporter;
  /** Lending's log lines. */
  logs: ReturnType<typeof memoryLogs>['records'];
  /** Everything published on lending.events, in order. */
  published: BusMessage[];
  depositedCents: number;
  openAccount(customer: string, depositCents?: number): Promise<string>;
  balance(accountId: string): Promise<number>;
  passKyc(customer: string, document?: string): Promise<unknown>;
  apply(
    body: Record<string, unknown>,
    caller?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  loanOf(id: string): Promise<Record<string, unknown>>;
  settled(id: string, status: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  eventsOf(type: string, loanId: string): EventEnvelope[];
  restartKyc(): Promise<void>;
  close(): Promise<void>;
}

export async function startLendingWorld(options: {
  stub: boolean;
  deadlines?: Partial<SagaDeadlines>;
  /** The database (a `databaseTargets()` entry's `open`); PGlite by default. */
  open?: () => Promise<TestDatabase>;
  /** Each service's bus client (Kafka); by default one embedded bus for all. */
  openBus?: (service: string) => EventBus;
}): Promise<LendingWorld> {
  const data = await (options.open ?? openTestPglite)();
  const bus = options.openBus?.('lending') ?? createEmbeddedBus();
  const accountsBus = options.stub ? createEmbeddedBus() : (options.openBus?.('accounts') ?? bus);
  const accounts = await startAccountsService({
    ...common,
    database: data.database,
    bus: accountsBus,
    log: () => {},
  });
  let kyc = await startKycService({ ...common, database: data.database });
  const stub = options.stub ? await startAccountsParticipantStub(bus, accounts.url) : undefined;
  const published: BusMessage[] = [];
  const recorder: Subscription = await bus.subscribe({
    groupId: 'test.lending-events',
    topics: [TOPICS.lending],
    handle: async (message) => {
      published.push(message);
    },
  });
  const lendingTelemetry = inMemoryTelemetry('lending');
  const lending = await startLendingService({
    ...common,
    telemetry: lendingTelemetry.telemetry,
    database: data.database,
    bus,
    accountsUrl: accounts.url,
    kycUrl: kyc.url,
    sweepIntervalMs: 100,
    ...(options.deadlines ? { deadlines: options.deadlines } : {}),
    log: () => {},
  });

  const world: LendingWorld = {
    data,
    bus,
    accounts,
    get kyc() {
      return kyc;
    },
    lending,
    stub,
    spans: lendingTelemetry.spans,
    logs: lendingTelemetry.logs,
    published,
    depositedCents: 0,
    openAccount: async (customer, depositCents = 0) => {
      const res = await jsonRequest(
        'POST',
        `${accounts.url}/accounts`,
        { owner: customer },
        { 'x-customer-id': customer },
      );
      const id = String(res.body.id);
      if (depositCents > 0) {
        await jsonRequest('POST', `${accounts.url}/accounts/${id}/deposits`, {
          amountCents: depositCents,
        });
        world.depositedCents += depositCents;
      }
      return id;
    },
    balance: async (id) =>
      Number((await jsonRequest('GET', `${accounts.url}/accounts/${id}`)).body.balanceCents),
    passKyc: (customer, document = 'AB1234567') =>
      jsonRequest('POST', `${kyc.url}/customers/${customer}/kyc`, { name: customer, document }),
    apply: (body, caller) =>
      jsonRequest('POST', `${lending.url}/loans`, body, caller ? { 'x-customer-id': caller } : {}),
    loanOf: async (id) => (await jsonRequest('GET', `${lending.url}/loans/${id}`)).body,
    settled: (id, status, timeoutMs = 10_000) =>
      eventually(
        async () => {
          const loan = await world.loanOf(id);
          return loan.status === status ? loan : undefined;
        },
        timeoutMs,
        `loan ${id} ${status}`,
      ),
    eventsOf: (type, loanId) =>
      published
        .map((message) => parseEvent(message.value))
        .filter((event) => event.type === type && event.aggregateId === loanId),
    restartKyc: async () => {
      kyc = await startKycService({ ...common, database: data.database });
    },
    close: async () => {
      await lending.close();
      await lendingTelemetry.telemetry.shutdown();
      await recorder.close();
      await stub?.close();
      await kyc.close();
      await accounts.close();
      await bus.close();
      if (accountsBus !== bus) await accountsBus.close();
      await data.cleanup();
    },
  };
  return world;
}

/** Waits until `accountId`'s balance (read side, may lag) is `cents`. */
export function balanceReaches(world: LendingWorld, accountId: string, cents: number) {
  return eventually(
    async () => ((await world.balance(accountId)) === cents ? true : undefined),
    10_000,
    `balance of ${accountId} = ${cents}`,
  );
}

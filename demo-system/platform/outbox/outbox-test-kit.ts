import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { BusMessage, BusRecord, EventBus } from '../bus/event-bus';
import { BusUnavailableError } from '../bus/event-bus';
import type { Database, ServiceDb } from '../db';
import { createEvent } from '../events/envelope';
import { installContextManager } from '../telemetry';
import { outboxInboxMigration } from './migration';

/** Test support for the outbox suites: a tracer that keeps spans, schemas, a flaky bus. */
installContextManager();
export const spans = new InMemorySpanExporter();
export const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(spans)],
});
export const tracer = tracerProvider.getTracer('outbox-test');

let schemas = 0;

/** A fresh schema with a `ledger` table (the state) plus the outbox and inbox. */
export function openTestSchema(database: Database): Promise<ServiceDb> {
  schemas += 1;
  return database.openSchema({
    name: `outbox_t${schemas}`,
    migrations: [
      {
        id: '0001_ledger',
        sql: 'CREATE TABLE ledger (id text PRIMARY KEY, cents bigint NOT NULL DEFAULT 0)',
      },
      outboxInboxMigration('0002_outbox_inbox'),
    ],
  });
}

/** A `loan.cancelled` event for aggregate `loanId`. */
export function sampleEvent(loanId: string, reason = 'test', id?: string) {
  return createEvent(
    'loan.cancelled',
    { loanId, customerId: 'c-1', reason },
    { aggregateId: loanId, correlationId: loanId, source: 'test', ...(id ? { id } : {}) },
  );
}

/** `inner`, except that `publish` rejects with BusUnavailableError while `down` is true. */
export function flakyBus(inner: EventBus): EventBus & { down: boolean; rejected: number } {
  const bus = {
    down: false,
    rejected: 0,
    kind: inner.kind,
    ensureTopics: inner.ensureTopics.bind(inner),
    subscribe: inner.subscribe.bind(inner),
    close: inner.close.bind(inner),
    publish: async (topic: string, records: readonly BusRecord[]) => {
      if (bus.down) {
        bus.rejected += 1;
        throw new BusUnavailableError('broker unreachable (test)');
      }
      await inner.publish(topic, records);
    },
  };
  return bus;
}

/** Collects every record of `topics` through a consumer group of its own. */
export async function recorder(bus: EventBus, topics: string[], groupId = 'test.recorder') {
  const seen: BusMessage[] = [];
  const subscription = await bus.subscribe({
    groupId,
    topics,
    handle: async (message) => {
      seen.push(message);
    },
  });
  return { seen, subscription };
}

export const lines = () => {
  const logged: string[] = [];
  return { logged, log: (line: string) => logged.push(line) };
};

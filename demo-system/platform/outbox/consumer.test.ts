import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { eventually } from '../../testing/http';
import { memoryLogs } from '../../testing/memory-logs';
import { createEmbeddedBus } from '../bus/embedded-bus';
import type { EventBus } from '../bus/event-bus';
import type { ServiceDb } from '../db';
import { TOPICS } from '../events/catalog';
import type { EventEnvelope } from '../events/envelope';
import { appendToOutbox } from './append';
import { type EventHandlers, startEventConsumer } from './consumer';
import {
  lines,
  openTestSchema,
  sampleEvent,
  spans,
  tracer,
  tracerProvider,
} from './outbox-test-kit';
import { startOutboxRelay } from './relay';

afterAll(() => tracerProvider.shutdown());

const recordOf = (event: EventEnvelope, headers: Record<string, string> = {}) => ({
  key: event.aggregateId,
  value: JSON.stringify(event),
  headers: { 'event-type': event.type, 'event-version': String(event.version), ...headers },
});

const balance = async (db: ServiceDb, id: string) =>
  Number((await db.query('SELECT cents FROM ledger WHERE id = $1', [id])).rows[0]?.cents ?? 0);

/** A handler that adds 1 to the ledger row of the loan, in the consumer's transaction. */
const counting: EventHandlers = {
  'loan.cancelled': async (event, tx) => {
    await tx.query(
      `INSERT INTO ledger (id, cents) VALUES ($1, 1)
       ON CONFLICT (id) DO UPDATE SET cents = ledger.cents + 1`,
      [event.data.loanId],
    );
  },
};

for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`event consumer on ${target.label}`, () => {
    let data: TestDatabase;
    let bus: EventBus;
    beforeAll(async () => {
      data = await target.open();
      bus = createEmbeddedBus();
    });
    afterAll(async () => {
      await bus?.close();
      await data?.cleanup();
    });

    it('applies a redelivered event once, marks the duplicate on its span and logs its skip', async () => {
      const db = await openTestSchema(data.database);
      spans.reset();
      const { logger, records } = memoryLogs('t');
      const consumer = await startEventConsumer({
        service: 't',
        db,
        bus,
        tracer,
        logger,
        log: () => {},
        groupId: 't.dedup',
        handlers: counting,
      });
      try {
        const event = sampleEvent('loan_dup');
        await bus.publish(TOPICS.lending, [recordOf(event), recordOf(event)]);
        await bus.publish(TOPICS.lending, [recordOf(event)]);
        await eventually(() =>
          consumer.stats.handled + consumer.stats.duplicates === 3 ? true : undefined,
        );
        expect(await balance(db, 'loan_dup')).toBe(1);
        expect(consumer.stats).toMatchObject({ handled: 1, duplicates: 2, invalid: 0 });
        expect(consumer.stats.lastHandledAt).toBeInstanceOf(Date);
        const processed = spans.getFinishedSpans().filter((s) => s.kind === SpanKind.CONSUMER);
        expect(processed.map((s) => s.attributes['idempotency.duplicate'])).toEqual([
          false,
          true,
          true,
        ]);
        expect(processed[0]?.attributes).toMatchObject({
          'messaging.operation.type': 'process',
          'messaging.consumer.group.name': 't.dedup',
          'messaging.message.id': event.id,
        });
        const inbox = await db.query('SELECT consumer, event_id FROM inbox');
        expect(inbox.rows).toEqual([{ consumer: 't.dedup', event_id: event.id }]);
        // One INFO line per skipped duplicate, each in its own CONSUMER span.
        const skipped = records.getFinishedLogRecords();
        expect(skipped.map((l) => [l.severityText, l.eventName])).toEqual([
          ['INFO', 'consumer.duplicate_skipped'],
          ['INFO', 'consumer.duplicate_skipped'],
        ]);
        expect(skipped.map((l) => l.spanContext?.spanId)).toEqual(
          processed.slice(1).map((s) => s.spanContext().spanId),
        );
      } finally {
        await consumer.close();
      }
    });

    it('skips invalid records with one log line and an error span, and goes on', async () => {
      const db = await openTestSchema(data.database);
      const { logged, log } = lines();
      spans.reset();
      const consumer = await startEventConsumer({
        service: 't',
        db,
        bus,
        tracer,
        log,
        groupId: 't.invalid',
        handlers: counting,
        fromBeginning: false,
      });
      try {
        const good = sampleEvent('loan_valid');
        const badData = { ...sampleEvent('loan_bad'), data: { loanId: 'loan_bad' } };
        await bus.publish(TOPICS.lending, [
          { key: 'x', value: 'not json', headers: {} },
          recordOf(badData as EventEnvelope),
          recordOf(good),
        ]);
        await eventually(() => (consumer.stats.handled === 1 ? true : undefined));
        expect(consumer.stats.invalid).toBe(2);
        expect(await balance(db, 'loan_valid')).toBe(1);
        expect(await balance(db, 'loan_bad')).toBe(0);
        expect(logged.filter((line) => line.includes('skipping an invalid record'))).toHaveLength(
          2,
        );
        const errors = spans
          .getFinishedSpans()
          .filter((s) => s.kind === SpanKind.CONSUMER && s.status.code === 2);
        expect(errors).toHaveLength(2);
      } finally {
        await consumer.close();
      }
    });

    it('rolls the inbox row back with a failing handler, so the redelivery applies it', async () => {
      const db = await openTestSchema(data.database);
      let calls = 0;
      const consumer = await startEventConsumer({
        service: 't',
        db,
        bus,
        tracer,
        log: () => {},
        groupId: 't.flaky',
        fromBeginning: false,
        handlers: {
          'loan.cancelled': async (event, tx) => {
            calls += 1;
            await counting['loan.cancelled']?.(event, tx);
            if (calls < 3) throw new Error('not yet');
          },
        },
      });
      try {
        await bus.publish(TOPICS.lending, [recordOf(sampleEvent('loan_retry'))]);
        await eventually(() => (consumer.stats.handled === 1 ? true : undefined));
        expect(calls).toBe(3);
        expect(consumer.stats.failures).toBe(2);
        expect(await balance(db, 'loan_retry')).toBe(1);
      } finally {
        await consumer.close();
      }
    });

    it('prunes its own inbox rows past the retention at start', async () => {
      const db = await openTestSchema(data.database);
      await db.query(
        `INSERT INTO inbox (consumer, event_id, event_type, handled_at) VALUES
         ('t.prune', 'old', 'loan.cancelled', now() - interval '2 hours'),
         ('t.prune', 'recent', 'loan.cancelled', now()),
         ('t.other', 'old', 'loan.cancelled', now() - interval '2 hours')`,
      );
      const consumer = await startEventConsumer({
        service: 't',
        db,
        bus,
        tracer,
        log: () => {},
        groupId: 't.prune',
        handlers: counting,
        fromBeginning: false,
        inboxRetentionMs: 3_600_000,
      });
      await consumer.close();
      const { rows } = await db.query('SELECT consumer, event_id FROM inbox ORDER BY consumer');
      expect(rows).toEqual([
        { consumer: 't.other', event_id: 'old' },
        { consumer: 't.prune', event_id: 'recent' },
      ]);
    });

    it('end to end: outbox → relay → consumer, the consumer span a child of the producer', async () => {
      const producer = await openTestSchema(data.database);
      const reader = await openTestSchema(data.database);
      spans.reset();
      const relay = startOutboxRelay({ service: 'p', db: producer, bus, tracer, log: () => {} });
      const consumer = await startEventConsumer({
        service: 'c',
        db: reader,
        bus,
        tracer,
        log: () => {},
        groupId: 'c.e2e',
        fromBeginning: false,
        handlers: counting,
      });
      try {
        for (let i = 0; i < 3; i += 1) {
          await producer.transaction((tx) => appendToOutbox(tx, sampleEvent('loan_e2e')));
        }
        relay.wake();
        await eventually(() => (consumer.stats.handled === 3 ? true : undefined));
        expect(await balance(reader, 'loan_e2e')).toBe(3);
        const finished = spans.getFinishedSpans();
        const producers = finished.filter((s) => s.kind === SpanKind.PRODUCER);
        const consumers = finished.filter((s) => s.kind === SpanKind.CONSUMER);
        expect(consumers).toHaveLength(3);
        for (const span of consumers) {
          const parent = producers.find(
            (p) => p.spanContext().spanId === span.parentSpanContext?.spanId,
          );
          expect(parent?.attributes['messaging.message.id']).toBe(
            span.attributes['messaging.message.id'],
          );
        }
      } finally {
        await consumer.close();
        await relay.stop();
      }
    });
  });
}

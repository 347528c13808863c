import { context, SpanKind, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { eventually } from '../../testing/http';
import { createEmbeddedBus } from '../bus/embedded-bus';
import type { ServiceDb } from '../db';
import { TOPICS } from '../events/catalog';
import { EventValidationError, parseEvent } from '../events/envelope';
import { appendToOutbox, requeueInOutbox } from './append';
import {
  flakyBus,
  lines,
  openTestSchema,
  recorder,
  sampleEvent,
  spans,
  tracer,
  tracerProvider,
} from './outbox-test-kit';
import { startOutboxRelay } from './relay';

afterAll(() => tracerProvider.shutdown());

const outboxRows = (db: ServiceDb) =>
  db.query<{ event_id: string; published_at: Date | null; attempts: number; last_error: string }>(
    'SELECT event_id, published_at, attempts, last_error FROM outbox ORDER BY sequence',
  );

for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`outbox and relay on ${target.label}`, () => {
    let data: TestDatabase;
    beforeAll(async () => {
      data = await target.open();
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    it('appends in the state change transaction: both commit, or neither', async () => {
      const db = await openTestSchema(data.database);
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO ledger (id, cents) VALUES ('a', 5)");
        await appendToOutbox(tx, sampleEvent('loan_a'));
      });
      const failing = db.transaction(async (tx) => {
        await tx.query("INSERT INTO ledger (id, cents) VALUES ('b', 5)");
        await appendToOutbox(tx, sampleEvent('loan_b'));
        throw new Error('boom');
      });
      await expect(failing).rejects.toThrow('boom');
      expect((await db.query('SELECT id FROM ledger')).rows).toEqual([{ id: 'a' }]);
      const { rows } = await db.query('SELECT key, topic, event_type, published_at FROM outbox');
      expect(rows).toEqual([
        { key: 'loan_a', topic: TOPICS.lending, event_type: 'loan.cancelled', published_at: null },
      ]);
    });

    it('refuses an event whose type, version or data the catalog does not know', async () => {
      const db = await openTestSchema(data.database);
      const event = sampleEvent('loan_x');
      const bad = [
        { ...event, type: 'loan.exploded' },
        { ...event, version: 9 },
        { ...event, data: { loanId: 'loan_x' } },
      ];
      for (const wrong of bad) {
        await expect(db.transaction((tx) => appendToOutbox(tx, wrong))).rejects.toThrow(
          EventValidationError,
        );
      }
      expect((await db.query('SELECT 1 FROM outbox')).rowCount).toBe(0);
    });

    it('publishes in sequence order, marks rows published, and continues the trace', async () => {
      const db = await openTestSchema(data.database);
      const bus = createEmbeddedBus();
      const { seen, subscription } = await recorder(bus, [TOPICS.lending]);
      spans.reset();
      const root = tracer.startSpan('request');
      const ids: string[] = [];
      await context.with(trace.setSpan(context.active(), root), () =>
        db.transaction(async (tx) => {
          for (let i = 0; i < 12; i += 1) {
            const event = sampleEvent('loan_same', `r${i}`);
            ids.push(event.id);
            await appendToOutbox(tx, event);
          }
        }),
      );
      root.end();
      const relay = startOutboxRelay({ service: 't', db, bus, tracer, log: () => {} });
      try {
        await eventually(() => (seen.length === 12 ? true : undefined));
        expect(seen.map((m) => parseEvent(m.value).id)).toEqual(ids);
        expect(seen[0]?.headers).toMatchObject({ 'event-type': 'loan.cancelled' });
        const { rows } = await outboxRows(db);
        await eventually(async () =>
          (await outboxRows(db)).rows.every((row) => row.published_at !== null) ? true : undefined,
        );
        expect(rows.map((row) => row.event_id)).toEqual(ids);
        expect(relay.stats.published).toBe(12);
        // PRODUCER spans are children of the span active at append time; the record carries
        // the producer span's own context.
        const producers = spans.getFinishedSpans().filter((s) => s.kind === SpanKind.PRODUCER);
        expect(producers).toHaveLength(12);
        const first = producers[0];
        expect(first?.name).toBe(`publish ${TOPICS.lending}`);
        expect(first?.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
        expect(first?.spanContext().traceId).toBe(root.spanContext().traceId);
        expect(first?.attributes).toMatchObject({
          'messaging.system': 'kafka',
          'messaging.destination.name': TOPICS.lending,
          'messaging.operation.type': 'send',
        });
        const sent = producers.map((s) => s.spanContext().spanId);
        for (const message of seen) {
          expect(sent).toContain(message.headers.traceparent?.split('-')[2]);
        }
      } finally {
        await relay.stop();
        await subscription.close();
        await bus.close();
      }
    });

    it('survives a bus that rejects, logs once per outage, then publishes everything', async () => {
      const db = await openTestSchema(data.database);
      const bus = flakyBus(createEmbeddedBus());
      const { seen, subscription } = await recorder(bus, [TOPICS.lending]);
      const { logged, log } = lines();
      bus.down = true;
      const relay = startOutboxRelay({
        service: 't',
        db,
        bus,
        tracer,
        log,
        intervalMs: 20,
        backoffMs: { initial: 10, max: 40 },
      });
      try {
        const ids: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          const event = sampleEvent(`loan_${i}`);
          ids.push(event.id);
          await db.transaction((tx) => appendToOutbox(tx, event));
          relay.wake();
        }
        await eventually(() => (bus.rejected >= 5 ? true : undefined));
        expect(relay.stats.failing).toBe(true);
        expect(seen).toEqual([]);
        const during = (await outboxRows(db)).rows;
        expect(during.every((row) => row.published_at === null)).toBe(true);
        expect(during[0]?.last_error).toContain('broker unreachable');
        expect(during[0]?.attempts).toBeGreaterThanOrEqual(2);
        expect(logged.filter((line) => line.includes('cannot publish'))).toHaveLength(1);

        bus.down = false;
        await eventually(() => (seen.length >= 5 ? true : undefined));
        await eventually(async () =>
          (await outboxRows(db)).rows.every((row) => row.published_at !== null) ? true : undefined,
        );
        expect(seen.map((m) => parseEvent(m.value).id).sort()).toEqual([...ids].sort());
        expect(relay.stats.failing).toBe(false);
        expect(logged.filter((line) => line.includes('publishing again'))).toHaveLength(1);
      } finally {
        await relay.stop();
        await subscription.close();
        await bus.close();
      }
    });

    it('runs its rounds outside the context of whoever woke it (a transaction)', async () => {
      const db = await openTestSchema(data.database);
      const bus = createEmbeddedBus();
      const { seen, subscription } = await recorder(bus, [TOPICS.lending]);
      const { logged, log } = lines();
      const relay = startOutboxRelay({ service: 't', db, bus, tracer, log, intervalMs: 5_000 });
      try {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await db.transaction(async (tx) => {
          await appendToOutbox(tx, sampleEvent('loan_woken'));
          relay.wake();
          setTimeout(() => relay.wake(), 20);
        });
        await eventually(() => (seen.length === 1 ? true : undefined), 3_000);
        expect(logged).toEqual([]);
      } finally {
        await relay.stop();
        await subscription.close();
        await bus.close();
      }
    });

    it("keeps order with two relays, and waits for a dead relay's lease to expire", async () => {
      const db = await openTestSchema(data.database);
      const bus = createEmbeddedBus();
      const { seen, subscription } = await recorder(bus, [TOPICS.lending]);
      const start = () =>
        startOutboxRelay({ service: 't', db, bus, tracer, log: () => {}, batchSize: 3 });
      const relays = [start(), start()];
      try {
        const ids: string[] = [];
        for (let i = 0; i < 30; i += 1) {
          const event = sampleEvent('loan_two', `r${i}`);
          ids.push(event.id);
          await db.transaction((tx) => appendToOutbox(tx, event));
          for (const relay of relays) relay.wake();
        }
        await eventually(() => (seen.length >= 30 ? true : undefined));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(seen.map((m) => parseEvent(m.value).id)).toEqual(ids);

        // A relay died holding a lease: nothing behind it goes out until the lease expires.
        const orphan = sampleEvent('loan_orphan');
        await db.transaction((tx) => appendToOutbox(tx, orphan));
        await db.query(
          `UPDATE outbox SET claimed_by = 'dead', claimed_until = now() + interval '1 hour'
           WHERE event_id = $1`,
          [orphan.id],
        );
        const after = sampleEvent('loan_after');
        await db.transaction((tx) => appendToOutbox(tx, after));
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(seen).toHaveLength(30);
        await db.query("UPDATE outbox SET claimed_until = now() - interval '1 second'");
        await eventually(() => (seen.length === 32 ? true : undefined));
        expect(seen.slice(30).map((m) => parseEvent(m.value).id)).toEqual([orphan.id, after.id]);
      } finally {
        for (const relay of relays) await relay.stop();
        await subscription.close();
        await bus.close();
      }
    });

    it('stop waits for the round in progress and publishes nothing afterwards', async () => {
      const db = await openTestSchema(data.database);
      const bus = flakyBus(createEmbeddedBus());
      const relay = startOutboxRelay({ service: 't', db, bus, tracer, log: () => {} });
      await relay.stop();
      await db.transaction((tx) => appendToOutbox(tx, sampleEvent('loan_late')));
      relay.wake();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await outboxRows(db)).rows[0]?.published_at).toBeNull();
      await bus.close();
    });

    it('with an embedded bus, publishes recent rows again at start (the log died)', async () => {
      const db = await openTestSchema(data.database);
      const first = createEmbeddedBus();
      const relay = startOutboxRelay({ service: 't', db, bus: first, tracer, log: () => {} });
      const event = sampleEvent('loan_replay');
      await db.transaction((tx) => appendToOutbox(tx, event));
      relay.wake();
      await eventually(async () =>
        (await outboxRows(db)).rows[0]?.published_at ? true : undefined,
      );
      await relay.stop();
      await first.close();
      // An old published row, outside the window, stays published and unreplayed.
      await db.transaction((tx) => appendToOutbox(tx, sampleEvent('loan_old')));
      await db.query(
        "UPDATE outbox SET published_at = now() - interval '1 hour' WHERE key = 'loan_old'",
      );

      const second = createEmbeddedBus();
      const { seen, subscription } = await recorder(second, [TOPICS.lending]);
      const { logged, log } = lines();
      const again = startOutboxRelay({
        service: 't',
        db,
        bus: second,
        tracer,
        log,
        replayWindowMs: 60_000,
      });
      try {
        await eventually(() => (seen.length > 0 ? true : undefined));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(seen.map((m) => parseEvent(m.value).id)).toEqual([event.id]);
        expect(logged.join('\n')).toContain('publishing 1 recent events again');
      } finally {
        await again.stop();
        await subscription.close();
        await second.close();
      }
    });

    it('requeues an event under its own id, and prunes rows past the retention', async () => {
      const db = await openTestSchema(data.database);
      const bus = createEmbeddedBus();
      const { seen, subscription } = await recorder(bus, [TOPICS.lending]);
      const event = sampleEvent('loan_again');
      await db.transaction((tx) => appendToOutbox(tx, sampleEvent('loan_expired')));
      await db.query("UPDATE outbox SET published_at = now() - interval '2 hours'");
      await db.transaction((tx) => appendToOutbox(tx, event));
      const relay = startOutboxRelay({
        service: 't',
        db,
        bus,
        tracer,
        log: () => {},
        retentionMs: 3_600_000,
        replayWindowMs: 0,
      });
      try {
        await eventually(() => (seen.length === 1 ? true : undefined));
        await db.transaction((tx) => requeueInOutbox(tx, event));
        relay.wake();
        await eventually(() => (seen.length === 2 ? true : undefined));
        expect(seen.map((m) => parseEvent(m.value).id)).toEqual([event.id, event.id]);
        const { rows } = await db.query('SELECT key FROM outbox');
        expect(rows).toEqual([{ key: 'loan_again' }]);
      } finally {
        await relay.stop();
        await subscription.close();
        await bus.close();
      }
    });
  });
}

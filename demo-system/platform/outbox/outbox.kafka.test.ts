import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespacedBus } from '../../runtime/namespaced-bus';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { eventually } from '../../testing/http';
import type { EventBus } from '../bus/event-bus';
import { type KafkaProxy, startKafkaProxy } from '../bus/kafka-proxy';
import { openEventBus } from '../bus/open-event-bus';
import { TOPIC_SPECS } from '../events/catalog';
import { appendToOutbox } from './append';
import { startEventConsumer } from './consumer';
import { lines, openTestSchema, sampleEvent, tracer, tracerProvider } from './outbox-test-kit';
import { startOutboxRelay } from './relay';

/**
 * The outbox relay and the event consumer on a real Kafka broker: the producer's connection is
 * cut while events are appended; nothing is published meanwhile, everything is once the
 * connection is restored, and the consumer applies each event once, in order per key.
 * Skipped, and says so, without KAFKA_BROKERS.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
if (brokers.length === 0) {
  console.log('outbox.kafka.test.ts: skipped (set KAFKA_BROKERS, e.g. 127.0.0.1:9092)');
}

describe.skipIf(brokers.length === 0)('outbox relay and consumer on Kafka (KAFKA_BROKERS)', () => {
  let data: TestDatabase;
  let proxy: KafkaProxy;
  const buses: EventBus[] = [];
  const run = randomUUID().slice(0, 8);
  // Topics and groups under a namespace of this run, so other suites never see its events.
  const open = (name: string, viaProxy?: KafkaProxy) => {
    const bus = namespacedBus(
      openEventBus({
        brokers,
        clientId: `outbox-${name}-${run}`,
        log: () => {},
        ...(viaProxy ? { viaProxy } : {}),
      }),
      `t${run}`,
    );
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    data = await openTestPglite();
    proxy = await startKafkaProxy({ brokers });
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close().catch(() => {});
    // The run's namespaced topics go with it.
    const admin = new Kafka({ clientId: 'cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin
      .deleteTopics({ topics: TOPIC_SPECS.map((topic) => `t${run}.${topic.name}`) })
      .catch(() => {});
    await admin.disconnect();
    await proxy?.close();
    await data?.cleanup();
    await tracerProvider.shutdown();
  });

  it('publishes everything once the broker is back, applied once each', {
    timeout: 120_000,
  }, async () => {
    const producerDb = await openTestSchema(data.database);
    const consumerDb = await openTestSchema(data.database);
    const producerBus = open('producer', proxy);
    const consumerBus = open('consumer');
    await producerBus.ensureTopics(TOPIC_SPECS);
    const { logged, log } = lines();
    const relay = startOutboxRelay({
      service: 'p',
      db: producerDb,
      bus: producerBus,
      tracer,
      log,
      backoffMs: { initial: 100, max: 1_000 },
    });
    const applied: string[] = [];
    const consumer = await startEventConsumer({
      service: 'c',
      db: consumerDb,
      bus: consumerBus,
      tracer,
      log: () => {},
      groupId: `outbox-kafka-${run}`,
      handlers: {
        'loan.cancelled': async (event, tx) => {
          if (!event.data.loanId.startsWith(`kafka_${run}`)) return;
          await tx.query(
            `INSERT INTO ledger (id, cents) VALUES ($1, 1)
             ON CONFLICT (id) DO UPDATE SET cents = ledger.cents + 1`,
            [event.data.loanId],
          );
          applied.push(event.data.reason);
        },
      },
    });
    try {
      const key = `kafka_${run}`;
      const first = sampleEvent(key, 'before-cut');
      await producerDb.transaction((tx) => appendToOutbox(tx, first));
      relay.wake();
      await eventually(() => (applied.length === 1 ? true : undefined), 60_000, 'first event');

      proxy.cut('reset');
      for (let i = 0; i < 5; i += 1) {
        await producerDb.transaction((tx) => appendToOutbox(tx, sampleEvent(key, `cut-${i}`)));
        relay.wake();
      }
      await eventually(() => (relay.stats.failing ? true : undefined), 60_000, 'the relay failing');
      expect(applied).toEqual(['before-cut']);

      proxy.restore();
      await eventually(() => (applied.length === 6 ? true : undefined), 90_000, 'all events');
      expect(applied).toEqual(['before-cut', 'cut-0', 'cut-1', 'cut-2', 'cut-3', 'cut-4']);
      const { rows } = await consumerDb.query('SELECT cents FROM ledger WHERE id = $1', [key]);
      expect(rows).toEqual([{ cents: 6 }]);
      expect(logged.filter((line) => line.includes('cannot publish'))).toHaveLength(1);
    } finally {
      await consumer.close();
      await relay.stop();
    }
  });
});

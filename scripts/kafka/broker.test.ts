import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Checks the broker that .ci/run provisions (scripts/kafka/start.sh) with the client the
 * platform uses: kafkajs produces keyed messages and a consumer group reads them back in
 * order per partition. Skipped, and says so, when KAFKA_BROKERS is not set.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];

describe.skipIf(brokers.length === 0)('Kafka broker (KAFKA_BROKERS)', () => {
  const kafka = new Kafka({
    clientId: 'patternscope-broker-check',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = `patternscope.check.${randomUUID()}`;

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it('round-trips keyed messages through a consumer group, in order per key', async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, i) => ({ key: `acct-${i % 3}`, value: String(i) }));
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `check-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Array<{ key: string; value: number }> = [];
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push({ key: String(message.key), value: Number(String(message.value)) });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await done;
    await consumer.disconnect();

    expect(received).toHaveLength(sent.length);
    for (const key of ['acct-0', 'acct-1', 'acct-2']) {
      const values = received.filter((m) => m.key === key).map((m) => m.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values).toHaveLength(10);
    }
  });
});

if (brokers.length === 0) {
  describe('Kafka broker', () => {
    it.skip('skipped: set KAFKA_BROKERS (scripts/kafka/start.sh prints it) to run this suite', () => {});
  });
}

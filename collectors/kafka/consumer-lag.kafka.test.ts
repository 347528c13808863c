import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsumerLagSnapshot } from '../contracts/consumer-lag';
import { readConsumerLag } from './consumer-lag';
import { ConsumerLagPoller } from './consumer-lag-poller';

/**
 * Consumer lag against a real broker (scripts/kafka/start.sh prints KAFKA_BROKERS). Skipped,
 * and says so, when KAFKA_BROKERS is not set.
 *
 * A fresh topic with 3 partitions gets 10 messages per partition (N = 30). A consumer group
 * reads all of them but commits only a prefix per partition: 4, 7 and 10 messages (21 in all).
 * The broker must then report a lag of 6, 3 and 0: N - committed = 9.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];

const PARTITIONS = 3;
const PER_PARTITION = 10;
const COMMITTED = [4, 7, 10];

async function pollUntil<T>(read: () => T | Promise<T>, done: (value: T) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error('condition not met in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(brokers.length === 0)('consumer lag from a real broker (KAFKA_BROKERS)', () => {
  const kafka = new Kafka({
    clientId: 'patternscope-lag-test',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = `patternscope.lag.${randomUUID()}`;
  const group = `lag-test-${randomUUID()}`;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({
        partition: i % PARTITIONS,
        value: `payment-${i}`,
      })),
    });
    await producer.disconnect();

    // Read everything with the group, commit only a prefix of each partition.
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let received = 0;
    await consumer.run({
      autoCommit: false,
      eachMessage: async () => {
        received++;
      },
    });
    await pollUntil(
      () => received,
      (n) => n === PARTITIONS * PER_PARTITION,
    );
    await consumer.commitOffsets(
      COMMITTED.map((offset, partition) => ({ topic, partition, offset: String(offset) })),
    );
    await consumer.disconnect();
  });

  afterAll(async () => {
    await admin.deleteGroups([group]).catch(() => {});
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it('readConsumerLag: lag per partition = end - committed, summing to N - consumed', async () => {
    const lag = await readConsumerLag(admin, [group]);
    expect(lag.partitions).toEqual(
      COMMITTED.map((committed, partition) => ({
        group,
        topic,
        partition,
        committedOffset: committed,
        endOffset: PER_PARTITION,
        lag: PER_PARTITION - committed,
      })),
    );
    const consumed = COMMITTED.reduce((a, b) => a + b, 0);
    expect(lag.groups).toEqual([
      { group, state: 'Empty', totalLag: PARTITIONS * PER_PARTITION - consumed, partitions: 3 },
    ]);
  });

  it('the poller finds the group among all groups and follows new messages', async () => {
    const poller = new ConsumerLagPoller({ brokers, intervalMs: 200 });
    poller.start();
    try {
      const first = await pollUntil(
        () => poller.snapshot(),
        (s) => s.groups.some((g) => g.group === group),
      );
      expect(ConsumerLagSnapshot.parse(first)).toEqual(first);
      expect(first.error).toBeNull();
      expect(first.groups.find((g) => g.group === group)?.totalLag).toBe(9);

      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic,
        messages: [0, 1, 2, 3, 4].map(() => ({ partition: 0, value: 'x' })),
      });
      await producer.disconnect();

      const later = await pollUntil(
        () => poller.snapshot(),
        (s) => s.groups.find((g) => g.group === group)?.totalLag === 14,
      );
      const p0 = later.partitions.find((p) => p.group === group && p.partition === 0);
      expect(p0).toMatchObject({ committedOffset: 4, endOffset: 15, lag: 11 });
    } finally {
      await poller.stop();
    }
  });
});

if (brokers.length === 0) {
  describe('consumer lag from a real broker', () => {
    it.skip('skipped: set KAFKA_BROKERS (scripts/kafka/start.sh prints it) to run this suite', () => {});
  });
}

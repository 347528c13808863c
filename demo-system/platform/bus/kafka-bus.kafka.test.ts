import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { runBusConformance } from './bus-conformance';
import { BusUnavailableError } from './event-bus';
import { createKafkaBus } from './kafka-bus';
import { openEventBus } from './open-event-bus';

/**
 * The conformance suite against a real broker (KAFKA_BROKERS), plus what only Kafka has: an
 * unreachable broker. Skipped, and says so, without KAFKA_BROKERS.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
const lines: string[] = [];

if (brokers.length > 0) {
  runBusConformance({
    label: 'kafka',
    client: (name) => createKafkaBus({ brokers, clientId: name, log: (l) => lines.push(l) }),
    waitMs: 45_000,
    async cleanup(topics) {
      const admin = new Kafka({
        clientId: 'conformance-cleanup',
        brokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [...topics] }).catch(() => {});
      await admin.disconnect();
    },
  });
}

describe.skipIf(brokers.length === 0)('Kafka bus (KAFKA_BROKERS)', () => {
  it('openEventBus opens a Kafka client when brokers are given', async () => {
    const bus = openEventBus({ brokers, clientId: 'open-check' });
    expect(bus.kind).toBe('kafka');
    await bus.close();
    await bus.close();
  });

  it('rejects publish with BusUnavailableError within the timeout when no broker answers', async () => {
    const bus = createKafkaBus({
      brokers: ['127.0.0.1:1'],
      clientId: 'unreachable-check',
      publishTimeoutMs: 2_000,
      log: () => {},
    });
    const started = Date.now();
    await expect(bus.publish('t', [{ key: 'k', value: 'v', headers: {} }])).rejects.toBeInstanceOf(
      BusUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(4_000);
    await bus.close();
  });

  it('logs kafkajs complaints briefly, without stacks', () => {
    for (const line of lines) {
      expect(line).toMatch(/^kafka \S+: (warn|error) /);
      expect(line).not.toMatch(/\n\s+at /);
    }
  });
});

if (brokers.length === 0) {
  console.log('kafka-bus.kafka.test.ts: KAFKA_BROKERS is not set; the Kafka bus suite is skipped');
}

import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from './bus-conformance';
import type { EventBus } from './event-bus';
import { startKafkaProxy } from './kafka-proxy';
import { openEventBus } from './open-event-bus';
import type { CutMode } from './tcp-proxy';

/**
 * Cuts a Kafka client's connections (producer and consumer) with the TCP proxy while records
 * flow, and restores them: every acknowledged record is consumed afterwards and, with dedup by
 * event id, no effect is applied twice. Skipped, and says so, without KAFKA_BROKERS.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];

describe.skipIf(brokers.length === 0)('Kafka bus through a cut (KAFKA_BROKERS)', () => {
  const topics: string[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    const admin = new Kafka({
      clientId: 'cut-cleanup',
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => {});
    await admin.disconnect();
  });

  for (const mode of ['reset', 'blackhole'] as const satisfies readonly CutMode[]) {
    it(`loses nothing and applies nothing twice across a ${mode} cut`, {
      timeout: 120_000,
    }, async () => {
      const run = randomUUID().slice(0, 8);
      const topic = `cut.${run}`;
      topics.push(topic);
      const lines: string[] = [];
      const proxy = await startKafkaProxy({ brokers });
      cleanups.push(() => proxy.close());
      const open = (name: string): EventBus => {
        const bus = openEventBus({
          brokers,
          clientId: `${name}-${run}`,
          viaProxy: proxy,
          log: (line) => lines.push(line),
        });
        cleanups.push(() => bus.close());
        return bus;
      };
      const producer = open('cut-producer');
      const consumer = open('cut-consumer');
      await producer.ensureTopics([{ name: topic, partitions: 3 }]);

      const deliveries = new Map<string, number>();
      const applied = new Set<string>();
      const effects: string[] = [];
      await consumer.subscribe({
        groupId: `cut-${run}`,
        topics: [topic],
        handle: async (message) => {
          const id = message.headers['event-id']!;
          deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
          // Dedup by event id (the inbox does it in one transaction with the effect).
          if (applied.has(id)) return;
          applied.add(id);
          effects.push(id);
        },
      });

      // Publishes like the outbox relay: one record at a time, a failed one is retried.
      const acked = new Map<string, number>();
      const failures: number[] = [];
      let next = 0;
      let pending: string | null = null;
      let stop = false;
      const publishing = (async () => {
        while (!stop) {
          pending ??= `evt-${next++}`;
          const id = pending;
          try {
            await producer.publish(topic, [
              { key: `k${Number(id.slice(4)) % 5}`, value: id, headers: { 'event-id': id } },
            ]);
            acked.set(id, Date.now());
            pending = null;
          } catch {
            failures.push(Date.now());
            await sleep(200);
          }
          await sleep(40);
        }
      })();

      const waitFor = async (what: string, done: () => boolean, ms: number) => {
        const until = Date.now() + ms;
        while (!done()) {
          if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
          await sleep(50);
        }
      };
      await waitFor('records flowing', () => applied.size >= 20, 45_000);
      const openBefore = [...proxy.proxies.values()].reduce((n, p) => n + p.open, 0);
      expect(openBefore).toBeGreaterThan(0);

      const cutAt = Date.now();
      proxy.cut(mode);
      const consumedAtCut = applied.size;
      // Longer than a publish may take (5 s), so a stalled publish fails within the cut.
      await sleep(6_500);
      const consumedDuringCut = applied.size - consumedAtCut;
      const restoredAt = Date.now();
      proxy.restore();
      await waitFor(
        'publishing after the cut',
        () => [...acked.values()].some((t) => t > restoredAt),
        45_000,
      );
      await sleep(1_000);
      stop = true;
      await publishing;

      // The cut really cut: no acknowledgement while it lasted (after in-flight settled), and
      // publishing failed; the consumer saw at most what it already had in hand.
      const ackedDuringCut = [...acked.values()].filter((t) => t > cutAt + 300 && t < restoredAt);
      expect(ackedDuringCut).toEqual([]);
      expect(failures.some((t) => t >= cutAt && t <= restoredAt)).toBe(true);
      expect(consumedDuringCut).toBeLessThanOrEqual(3);

      await waitFor(
        'every acknowledged record consumed',
        () => [...acked.keys()].every((id) => applied.has(id)),
        60_000,
      );
      expect(effects).toHaveLength(new Set(effects).size);
      expect(acked.size).toBeGreaterThan(30);
      // Lines are one-liners, no stacks.
      for (const line of lines) expect(line).not.toMatch(/\n\s+at /);
      console.log(
        `kafka cut (${mode}): ${acked.size} acked, ${failures.length} failed publishes, ` +
          `${[...deliveries.values()].filter((n) => n > 1).length} redelivered, ${lines.length} log lines`,
      );
    });
  }
});

if (brokers.length === 0) {
  console.log('kafka-cut.kafka.test.ts: KAFKA_BROKERS is not set; the Kafka cut suite is skipped');
}

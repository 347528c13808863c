import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { BusMessage, BusRecord, EventBus, Subscription } from './event-bus';
import { partitionForKey } from './partitioner';

/**
 * The conformance suite both adapters run (embedded-bus.test.ts, kafka-bus.kafka.test.ts): the
 * semantics event-bus.ts promises, observed from the outside. `target.client(name)` returns a
 * new client of one shared bus (Kafka: its own kafkajs client; embedded: a view of one log),
 * so "a member dies" is one client closing while the others keep running.
 */
export interface BusConformanceTarget {
  label: string;
  client(name: string): EventBus;
  /** How long a case may wait for deliveries (Kafka group joins take seconds). */
  waitMs: number;
  /** After the suite: close clients, delete topics. */
  cleanup?(topics: readonly string[]): Promise<void>;
}

interface Seen {
  member: string;
  message: BusMessage;
}

export function runBusConformance(target: BusConformanceTarget): void {
  const run = randomUUID().slice(0, 8);
  const topicsMade: string[] = [];
  const clients: EventBus[] = [];
  const subscriptions: Subscription[] = [];
  const newTopic = async (bus: EventBus, name: string, partitions = 3) => {
    const topic = `conformance.${run}.${name}`;
    topicsMade.push(topic);
    await bus.ensureTopics([{ name: topic, partitions }]);
    return topic;
  };
  const client = (name: string) => {
    const bus = target.client(`${name}-${run}`);
    clients.push(bus);
    return bus;
  };
  const group = (name: string) => `conformance-${run}-${name}`;
  const track = (s: Subscription) => {
    subscriptions.push(s);
    return s;
  };
  const waitFor = async (what: string, done: () => boolean, ms = target.waitMs) => {
    const until = Date.now() + ms;
    while (!done()) {
      if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await sleep(20);
    }
  };
  const record = (key: string, value: string): BusRecord => ({
    key,
    value,
    headers: { 'event-type': 'conformance.test', id: value },
  });

  describe(`EventBus conformance: ${target.label}`, () => {
    afterAll(async () => {
      await Promise.allSettled(subscriptions.map((s) => s.close()));
      await Promise.allSettled(clients.map((c) => c.close()));
      await target.cleanup?.(topicsMade);
    });

    it('keeps each key in order on one partition under concurrent publishing', async () => {
      const producerA = client('order-a');
      const producerB = client('order-b');
      const topic = await newTopic(producerA, 'order');
      const keys = Array.from({ length: 12 }, (_, i) => `acct-${i}`);
      const perKey = 15;
      const seen: Seen[] = [];
      const consume = client('order-consumer');
      for (const member of ['m1', 'm2']) {
        track(
          await consume.subscribe({
            groupId: group('order'),
            topics: [topic],
            handle: async (message) => {
              seen.push({ member, message });
              if (Math.random() < 0.3) await sleep(1);
            },
          }),
        );
      }
      // Each key has one writer publishing its records in sequence; writers run concurrently.
      await Promise.all(
        keys.map(async (key, k) => {
          const producer = k % 2 ? producerA : producerB;
          for (let n = 0; n < perKey; n += 1) {
            await producer.publish(topic, [record(key, `${key}#${n}`)]);
          }
        }),
      );
      await waitFor('every record', () => seen.length >= keys.length * perKey);
      await sleep(200);
      expect(seen).toHaveLength(keys.length * perKey);
      const partitions = new Set<number>();
      for (const key of keys) {
        const mine = seen.filter((s) => s.message.key === key);
        expect(mine.map((s) => s.message.value)).toEqual(
          Array.from({ length: perKey }, (_, n) => `${key}#${n}`),
        );
        const used = new Set(mine.map((s) => s.message.partition));
        expect(used.size).toBe(1);
        expect([...used][0]).toBe(partitionForKey(key, 3));
        partitions.add([...used][0]!);
        const offsets = mine.map((s) => BigInt(s.message.offset));
        expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
        expect(mine[0]!.message.headers.id).toBe(`${key}#0`);
      }
      expect(partitions.size).toBe(3);
      expect(new Set(seen.map((s) => s.member)).size).toBe(2);
    });

    it('redelivers the same record after a handler throws, before any later record', async () => {
      const bus = client('throw');
      const topic = await newTopic(bus, 'throw');
      const seen: BusMessage[] = [];
      let failuresLeft = 2;
      track(
        await bus.subscribe({
          groupId: group('throw'),
          topics: [topic],
          handle: async (message) => {
            seen.push(message);
            if (message.value === 'k#1' && failuresLeft > 0) {
              failuresLeft -= 1;
              throw new Error('handler failure (expected by the test)');
            }
          },
        }),
      );
      await bus.publish(
        topic,
        ['k#0', 'k#1', 'k#2', 'k#3'].map((v) => record('k', v)),
      );
      await waitFor('k#3', () => seen.some((m) => m.value === 'k#3'));
      expect(seen.map((m) => m.value)).toEqual(['k#0', 'k#1', 'k#1', 'k#1', 'k#2', 'k#3']);
      expect(seen.filter((m) => m.value === 'k#1').map((m) => m.deliveryAttempt)).toEqual([
        1, 2, 3,
      ]);
      const offsets = new Set(seen.filter((m) => m.value === 'k#1').map((m) => m.offset));
      expect(offsets.size).toBe(1);
    });

    it('gives records a dying member had in hand (uncommitted) to the member taking over', async () => {
      const producer = client('crash-producer');
      const topic = await newTopic(producer, 'crash');
      const doomed = client('crash-doomed');
      const survivor = client('crash-survivor');
      const inHand: BusMessage[] = [];
      const gates: Array<(error: Error) => void> = [];
      const dying = await doomed.subscribe({
        groupId: group('crash'),
        topics: [topic],
        // Holds every record until the test kills the member: handled, never acknowledged.
        handle: (message) =>
          new Promise<void>((_, reject) => {
            inHand.push(message);
            gates.push(reject);
          }),
      });
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      await producer.publish(
        topic,
        keys.map((k) => record(k, `${k}#0`)),
      );
      // One record per partition is in the doomed member's hands.
      await waitFor('records in hand', () => inHand.length === 3);
      const closing = dying.close();
      for (const reject of gates) reject(new Error('member died (expected by the test)'));
      await closing;
      const taken: BusMessage[] = [];
      track(
        await survivor.subscribe({
          groupId: group('crash'),
          topics: [topic],
          handle: async (message) => {
            taken.push(message);
          },
        }),
      );
      await waitFor('every record on the survivor', () => taken.length >= keys.length);
      expect(taken.map((m) => m.value).sort()).toEqual(keys.map((k) => `${k}#0`));
      for (const held of inHand) {
        expect(
          taken.find((m) => m.offset === held.offset && m.partition === held.partition),
        ).toBeDefined();
      }
    });

    it('delivers every record to each consumer group', async () => {
      const bus = client('groups');
      const topic = await newTopic(bus, 'groups');
      const got = { left: [] as string[], right: [] as string[] };
      for (const side of ['left', 'right'] as const) {
        track(
          await bus.subscribe({
            groupId: group(`groups-${side}`),
            topics: [topic],
            handle: async (message) => {
              got[side].push(message.value);
            },
          }),
        );
      }
      const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
      await bus.publish(
        topic,
        values.map((v, i) => record(`key-${i % 7}`, v)),
      );
      await waitFor('both groups', () => got.left.length >= 30 && got.right.length >= 30);
      await sleep(200);
      expect(got.left.sort()).toEqual([...values].sort());
      expect(got.right.sort()).toEqual([...values].sort());
    });

    it('rebalances to a joining member without losing or interleaving a partition', async () => {
      const producer = client('rebalance-producer');
      const topic = await newTopic(producer, 'rebalance');
      const first = client('rebalance-first');
      const second = client('rebalance-second');
      const seen: Seen[] = [];
      const busy = new Map<number, string>();
      const overlaps: string[] = [];
      const handler = (member: string) => async (message: BusMessage) => {
        const other = busy.get(message.partition);
        if (other) overlaps.push(`${member} and ${other} on ${message.partition}`);
        busy.set(message.partition, member);
        await sleep(5);
        busy.delete(message.partition);
        seen.push({ member, message });
      };
      track(
        await first.subscribe({
          groupId: group('rebalance'),
          topics: [topic],
          handle: handler('first'),
        }),
      );
      // Publishes until the joining member has taken records (at least 300 records in all).
      let total = 0;
      const secondBusy = () => seen.some((s) => s.member === 'second');
      const deadline = Date.now() + target.waitMs;
      const publishing = (async () => {
        while (total < 300 || (!secondBusy() && Date.now() < deadline)) {
          const from = total;
          total += 10;
          await producer.publish(
            topic,
            Array.from({ length: 10 }, (_, i) => record(`k${(from + i) % 17}`, `r${from + i}`)),
          );
          await sleep(10);
        }
      })();
      await waitFor('the first deliveries', () => seen.length > 20);
      track(
        await second.subscribe({
          groupId: group('rebalance'),
          topics: [topic],
          handle: handler('second'),
        }),
      );
      await publishing;
      await waitFor('every record', () => new Set(seen.map((s) => s.message.value)).size >= total);
      expect(overlaps).toEqual([]);
      expect(new Set(seen.map((s) => s.message.value)).size).toBe(total);
      expect(seen.some((s) => s.member === 'second')).toBe(true);
      // Per key, the first delivery of each record is in publishing order.
      for (let k = 0; k < 17; k += 1) {
        const order = seen
          .filter((s) => s.message.key === `k${k}`)
          .map((s) => Number(s.message.value.slice(1)));
        const distinct = order.filter((v, i) => order.indexOf(v) === i);
        expect(distinct).toEqual([...distinct].sort((a, b) => a - b));
      }
    });

    it('delivers every event at least once through failures; dedup by id applies each once', async () => {
      const producer = client('dedup-producer');
      const topic = await newTopic(producer, 'dedup');
      const deliveries = new Map<string, number>();
      const applied = new Set<string>();
      const effects: string[] = [];
      // The effect happens, then the handler fails before the offset is committed (a crash
      // between effect and commit): the record comes again and only the dedup check saves it.
      const handler = async (message: BusMessage) => {
        const id = message.headers.id!;
        const n = (deliveries.get(id) ?? 0) + 1;
        deliveries.set(id, n);
        if (!applied.has(id)) {
          applied.add(id);
          effects.push(id);
        }
        if (Number(id.slice(4)) % 4 === 0 && n === 1) throw new Error('failed after the effect');
      };
      const members = [client('dedup-a'), client('dedup-b')];
      const subs = [];
      for (const member of members) {
        subs.push(
          await member.subscribe({ groupId: group('dedup'), topics: [topic], handle: handler }),
        );
      }
      const ids = Array.from({ length: 60 }, (_, i) => `evt-${i}`);
      await producer.publish(
        topic,
        ids.slice(0, 30).map((id, i) => record(`key-${i % 5}`, id)),
      );
      await waitFor('the first half', () => applied.size >= 10);
      await subs[0]!.close(); // one member leaves mid-stream
      await producer.publish(
        topic,
        ids.slice(30).map((id, i) => record(`key-${i % 5}`, id)),
      );
      track(subs[1]!);
      await waitFor('every event applied', () => applied.size === ids.length);
      await sleep(300);
      expect([...applied].sort()).toEqual([...ids].sort());
      expect(effects).toHaveLength(ids.length);
      for (const id of ids) {
        expect(deliveries.get(id)).toBeGreaterThanOrEqual(Number(id.slice(4)) % 4 === 0 ? 2 : 1);
      }
    });

    it('pauses after the records in hand and resumes from the committed offset', async () => {
      const bus = client('pause');
      const topic = await newTopic(bus, 'pause', 1);
      const seen: string[] = [];
      const subscription = track(
        await bus.subscribe({
          groupId: group('pause'),
          topics: [topic],
          handle: async (message) => {
            seen.push(message.value);
          },
        }),
      );
      await bus.publish(topic, [record('p', 'p0')]);
      await waitFor('p0', () => seen.length === 1);
      subscription.pause();
      expect(subscription.paused).toBe(true);
      await bus.publish(topic, [record('p', 'p1'), record('p', 'p2')]);
      await sleep(Math.min(1_500, target.waitMs / 4));
      expect(seen).toEqual(['p0']);
      subscription.resume();
      expect(subscription.paused).toBe(false);
      await waitFor('p2', () => seen.length === 3);
      expect(seen).toEqual(['p0', 'p1', 'p2']);
    });

    it('starts a new group at the end when fromBeginning is false', async () => {
      const bus = client('latest');
      const topic = await newTopic(bus, 'latest', 1);
      await bus.publish(topic, [record('l', 'old')]);
      const seen: string[] = [];
      track(
        await bus.subscribe({
          groupId: group('latest'),
          topics: [topic],
          fromBeginning: false,
          handle: async (message) => {
            seen.push(message.value);
          },
        }),
      );
      await bus.publish(topic, [record('l', 'new')]);
      await waitFor('new', () => seen.includes('new'));
      expect(seen).toEqual(['new']);
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

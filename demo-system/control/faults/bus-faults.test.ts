import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedBus } from '../../platform/bus/embedded-bus';
import { type BusMessage, BusUnavailableError, type EventBus } from '../../platform/bus/event-bus';
import { createBusFaults } from './bus-faults';

const TOPIC = 'test.events';
let bus: EventBus | undefined;

afterEach(async () => {
  await bus?.close();
});

async function setup() {
  const inner = createEmbeddedBus({ log: () => undefined });
  bus = inner;
  await inner.ensureTopics([{ name: TOPIC, partitions: 1 }]);
  const faults = createBusFaults();
  const producer = faults.wrap('producer', inner);
  const consumerBus = faults.wrap('consumer', inner);
  const seen: BusMessage[] = [];
  const subscription = await consumerBus.subscribe({
    groupId: 'consumer.test',
    topics: [TOPIC],
    handle: async (message) => {
      seen.push(message);
    },
  });
  const publish = (key: string) => producer.publish(TOPIC, [{ key, value: key, headers: {} }]);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
  return { faults, seen, subscription, publish, settle };
}

describe('bus fault points', () => {
  it('lists groups, topics and services once they are used', async () => {
    const { faults, publish } = await setup();
    await publish('a');
    expect(faults.groups()).toEqual(['consumer.test']);
    expect(faults.topics()).toEqual([TOPIC]);
    expect(faults.services()).toEqual(['consumer', 'producer']);
    faults.wrap('bystander', bus as EventBus);
    expect(faults.services()).not.toContain('bystander');
  });

  it('pauses a group past the service’s own resume, until the revert', async () => {
    const { faults, seen, subscription, publish, settle } = await setup();
    const revert = faults.pause('consumer.test');
    await publish('a');
    subscription.resume(); // the service's own resume does not lift the fault
    await settle();
    expect(seen).toEqual([]);
    revert();
    await settle();
    expect(seen.map((m) => m.value)).toEqual(['a']);
  });

  it('publishes copies on a duplicated topic, and only while the fault lasts', async () => {
    const { faults, seen, publish, settle } = await setup();
    const revert = faults.duplicate(TOPIC, 100);
    await publish('a');
    revert();
    await publish('b');
    await settle();
    expect(seen.map((m) => m.value)).toEqual(['a', 'a', 'b']);
  });

  it('cuts a service: publishes fail, its consumers wait, all back after the revert', async () => {
    const { faults, seen, publish, settle } = await setup();
    const revertProducer = faults.cut('producer');
    await expect(publish('a')).rejects.toBeInstanceOf(BusUnavailableError);
    revertProducer();
    const revertConsumer = faults.cut('consumer');
    await publish('b');
    await settle();
    expect(seen).toEqual([]);
    revertConsumer();
    await settle();
    expect(seen.map((m) => m.value)).toEqual(['b']);
  });

  it('cuts a service with a wire at the wire, leaving its client alone', async () => {
    const inner = createEmbeddedBus({ log: () => undefined });
    bus = inner;
    await inner.ensureTopics([{ name: TOPIC, partitions: 1 }]);
    const faults = createBusFaults();
    const calls: string[] = [];
    const wired = faults.wrap('wired', inner, {
      cut: () => {
        calls.push('cut');
        return () => calls.push('restore');
      },
    });
    faults.wrap('plain', inner);
    expect(faults.cutMode('wired')).toBe('wire');
    expect(faults.cutMode('plain')).toBe('client');
    const revert = faults.cut('wired');
    expect(calls).toEqual(['cut']);
    // The client itself is not cut: the wire does it (here a stand-in that cuts nothing).
    await wired.publish(TOPIC, [{ key: 'k', value: 'v', headers: {} }]);
    revert();
    expect(calls).toEqual(['cut', 'restore']);
  });

  it('delays deliveries of a slowed group', async () => {
    const { faults, seen, publish } = await setup();
    const revert = faults.slow('consumer.test', 300);
    await publish('a');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(seen.map((m) => m.value)).toEqual(['a']);
    revert();
  });
});

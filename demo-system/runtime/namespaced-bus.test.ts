import { describe, expect, it } from 'vitest';
import { createEmbeddedBus } from '../platform/bus/embedded-bus';
import type { BusMessage } from '../platform/bus/event-bus';
import { namespacedBus } from './namespaced-bus';

describe('namespacedBus', () => {
  it('keeps two namespaces on one bus apart and shows services the catalog names', async () => {
    const shared = createEmbeddedBus();
    const blue = namespacedBus(shared, 'blue');
    const green = namespacedBus(shared, 'green');
    const topics = [{ name: 'accounts.events', partitions: 1 }];
    await blue.ensureTopics(topics);
    await green.ensureTopics(topics);
    const seen: { ns: string; message: BusMessage }[] = [];
    const subscribe = (ns: string, bus: typeof blue) =>
      bus.subscribe({
        groupId: 'notifications.notices',
        topics: ['accounts.events'],
        handle: async (message) => {
          seen.push({ ns, message });
        },
      });
    const blueSub = await subscribe('blue', blue);
    await subscribe('green', green);
    expect(blueSub.groupId).toBe('notifications.notices');
    await blue.publish('accounts.events', [{ key: 'a1', value: 'blue-1', headers: {} }]);
    await green.publish('accounts.events', [{ key: 'a1', value: 'green-1', headers: {} }]);
    const deadline = Date.now() + 5_000;
    while (seen.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen.map((s) => `${s.ns}:${s.message.value}`).sort()).toEqual([
      'blue:blue-1',
      'green:green-1',
    ]);
    expect(seen.every((s) => s.message.topic === 'accounts.events')).toBe(true);
    // Underneath, the topics are the namespaced ones.
    const raw: string[] = [];
    await shared.subscribe({
      groupId: 'raw',
      topics: ['blue.accounts.events'],
      handle: async (message) => {
        raw.push(`${message.topic}:${message.value}`);
      },
    });
    const rawDeadline = Date.now() + 5_000;
    while (raw.length < 1 && Date.now() < rawDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(raw).toEqual(['blue.accounts.events:blue-1']);
    await shared.close();
  });
});

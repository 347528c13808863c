import { describe, expect, it } from 'vitest';
import { sleep } from './bus-conformance';
import { busView } from './bus-view';
import { createEmbeddedBus } from './embedded-bus';
import type { EventBus, PartitionOffsets } from './event-bus';

const rec = (key: string) => ({ key, value: key, headers: {} });

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 500; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const lagOf = (rows: PartitionOffsets[], groupId: string) =>
  rows
    .filter((r) => r.groupId === groupId)
    .reduce((sum, r) => sum + (r.endOffset - r.committedOffset), 0);

describe('embedded bus consumer offsets', () => {
  it('publish N, consume some, pause: lag = N - committed, per partition and in total', async () => {
    const bus = createEmbeddedBus();
    await bus.ensureTopics([{ name: 't', partitions: 3 }]);
    const N = 30;
    let handled = 0;
    const sub = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handle: async () => {
        handled += 1;
        if (handled === 7) sub.pause();
      },
    });
    await bus.publish(
      't',
      Array.from({ length: N }, (_, i) => rec(`k${i}`)),
    );
    await until(() => (sub.paused && handled >= 7 ? true : undefined), 'the pause');
    // Records in hand when the pause came finish and commit: wait until the offsets settle.
    let rows = bus.consumerOffsets?.() ?? [];
    await until(() => {
      rows = bus.consumerOffsets?.() ?? [];
      const committed = rows.reduce((sum, r) => sum + r.committedOffset, 0);
      return committed === handled ? true : undefined;
    }, 'committed offsets to match the records handled');
    expect(rows.map((r) => [r.groupId, r.topic, r.partition])).toEqual([
      ['g', 't', 0],
      ['g', 't', 1],
      ['g', 't', 2],
    ]);
    expect(rows.reduce((sum, r) => sum + r.endOffset, 0)).toBe(N);
    expect(handled).toBeLessThan(N);
    expect(lagOf(rows, 'g')).toBe(N - handled);
    for (const row of rows) expect(row.committedOffset).toBeLessThanOrEqual(row.endOffset);

    sub.resume();
    await until(
      () => (lagOf(bus.consumerOffsets?.() ?? [], 'g') === 0 ? true : undefined),
      'drain',
    );
    expect(handled).toBe(N);
    await bus.close();
  });

  it('a single partition: lag is exactly N minus the records committed before the pause', async () => {
    const bus = createEmbeddedBus();
    await bus.ensureTopics([{ name: 'one', partitions: 1 }]);
    let handled = 0;
    const sub = await bus.subscribe({
      groupId: 'g1',
      topics: ['one'],
      handle: async () => {
        handled += 1;
        if (handled === 4) sub.pause();
      },
    });
    await bus.publish(
      'one',
      Array.from({ length: 10 }, (_, i) => rec(`k${i}`)),
    );
    const row = await until(() => {
      const [first] = bus.consumerOffsets?.() ?? [];
      return first && first.committedOffset === 4 ? first : undefined;
    }, 'committed offset 4');
    expect(row).toEqual({
      groupId: 'g1',
      topic: 'one',
      partition: 0,
      committedOffset: 4,
      endOffset: 10,
    });
    await sleep(50);
    expect(handled).toBe(4);
    await bus.close();
  });

  it('a view reports only the groups subscribed through it, and none after they closed', async () => {
    const shared = createEmbeddedBus();
    await shared.ensureTopics([{ name: 't', partitions: 2 }]);
    const a: EventBus = busView(shared);
    const b: EventBus = busView(shared);
    const subA = await a.subscribe({ groupId: 'a.g', topics: ['t'], handle: async () => {} });
    await b.subscribe({ groupId: 'b.g', topics: ['t'], handle: async () => {} });
    expect(new Set(a.consumerOffsets?.().map((r) => r.groupId))).toEqual(new Set(['a.g']));
    expect(new Set(b.consumerOffsets?.().map((r) => r.groupId))).toEqual(new Set(['b.g']));
    expect(new Set(shared.consumerOffsets?.().map((r) => r.groupId))).toEqual(
      new Set(['a.g', 'b.g']),
    );
    await subA.close();
    expect(a.consumerOffsets?.()).toEqual([]);
    await a.close();
    await b.close();
    await shared.close();
  });
});

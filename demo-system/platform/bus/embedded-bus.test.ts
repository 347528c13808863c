import { describe, expect, it } from 'vitest';
import { runBusConformance, sleep } from './bus-conformance';
import { busView } from './bus-view';
import { createEmbeddedBus } from './embedded-bus';
import { type BusMessage, BusUnavailableError } from './event-bus';
import { openEventBus, sharedEmbeddedBus } from './open-event-bus';

const log = createEmbeddedBus();
runBusConformance({ label: 'embedded', client: () => busView(log), waitMs: 5_000 });

const rec = (key: string, value: string) => ({ key, value, headers: {} });

describe('embedded bus', () => {
  it('keeps at most the retention per partition and moves a lagging group ahead', async () => {
    const lines: string[] = [];
    const bus = createEmbeddedBus({ retention: 300, log: (line) => lines.push(line) });
    await bus.ensureTopics([{ name: 't', partitions: 1 }]);
    const seen: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sub = await bus.subscribe({
      groupId: 'slow',
      topics: ['t'],
      handle: async (m) => {
        await gate;
        seen.push(m.value);
      },
    });
    for (let i = 0; i < 1_000; i += 1) await bus.publish('t', [rec('k', String(i))]);
    release();
    await sleep(100);
    // r0 was in hand; then the group skipped to the earliest retained record.
    expect(seen[0]).toBe('0');
    expect(Number(seen[1])).toBeGreaterThan(600);
    expect(seen.at(-1)).toBe('999');
    expect(seen.length).toBeLessThanOrEqual(1 + 300 + 30);
    expect(lines.some((l) => l.includes('fell behind the retention'))).toBe(true);
    await sub.close();
    await bus.close();
  });

  it('rejects publish and subscribe once closed, and close is idempotent', async () => {
    const bus = createEmbeddedBus();
    await bus.close();
    await bus.close();
    await expect(bus.publish('t', [rec('k', 'v')])).rejects.toBeInstanceOf(BusUnavailableError);
    await expect(
      bus.subscribe({ groupId: 'g', topics: ['t'], handle: async () => {} }),
    ).rejects.toBeInstanceOf(BusUnavailableError);
  });

  it('backs off between redeliveries of a failing record (50 ms doubling)', async () => {
    const bus = createEmbeddedBus();
    const times: number[] = [];
    const sub = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handle: async () => {
        times.push(Date.now());
        if (times.length < 4) throw new Error('not yet');
      },
    });
    await bus.publish('t', [rec('k', 'v')]);
    await sleep(600);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
    await sub.close();
    await bus.close();
  });

  it('stops retrying a failing record when the member closes, leaving it uncommitted', async () => {
    const bus = createEmbeddedBus();
    const first: BusMessage[] = [];
    const failing = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handle: async (m) => {
        first.push(m);
        throw new Error('always');
      },
    });
    await bus.publish('t', [rec('k', 'v')]);
    await sleep(30);
    await failing.close();
    const attempts = first.length;
    await sleep(200);
    expect(first).toHaveLength(attempts);
    const next: BusMessage[] = [];
    const taking = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handle: async (m) => {
        next.push(m);
      },
    });
    await sleep(30);
    expect(next.map((m) => [m.value, m.deliveryAttempt])).toEqual([['v', attempts + 1]]);
    await taking.close();
    await bus.close();
  });

  it('runs partitions concurrently and each partition sequentially', async () => {
    const bus = createEmbeddedBus();
    await bus.ensureTopics([{ name: 't', partitions: 3 }]);
    let active = 0;
    let peak = 0;
    const perPartition = new Map<number, number>();
    let overlap = false;
    const sub = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handle: async (m) => {
        active += 1;
        peak = Math.max(peak, active);
        const n = (perPartition.get(m.partition) ?? 0) + 1;
        if (n > 1) overlap = true;
        perPartition.set(m.partition, n);
        await sleep(10);
        perPartition.set(m.partition, n - 1);
        active -= 1;
      },
    });
    await bus.publish(
      't',
      Array.from({ length: 30 }, (_, i) => rec(`k${i}`, String(i))),
    );
    await sleep(300);
    expect(peak).toBe(3);
    expect(overlap).toBe(false);
    await sub.close();
    await bus.close();
  });

  it('openEventBus gives views of one shared bus; closing a view leaves the others running', async () => {
    const a = openEventBus({ clientId: 'a' });
    const b = openEventBus({ clientId: 'b' });
    expect(a.kind).toBe('embedded');
    const seen: string[] = [];
    await b.subscribe({
      groupId: 'shared-check',
      topics: ['shared.check'],
      handle: async (m) => {
        seen.push(m.value);
      },
    });
    await a.close();
    await expect(a.publish('shared.check', [rec('k', 'x')])).rejects.toBeInstanceOf(
      BusUnavailableError,
    );
    await sharedEmbeddedBus().publish('shared.check', [rec('k', 'y')]);
    await sleep(30);
    expect(seen).toEqual(['y']);
    await b.close();
    const custom = createEmbeddedBus();
    const viaCustom = openEventBus({ clientId: 'c', brokers: [''], embedded: custom });
    await viaCustom.publish('t', [rec('k', 'v')]);
    const got: string[] = [];
    await custom.subscribe({
      groupId: 'g',
      topics: ['t'],
      handle: async (m) => void got.push(m.value),
    });
    await sleep(30);
    expect(got).toEqual(['v']);
    await custom.close();
  });
});

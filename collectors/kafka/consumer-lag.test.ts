import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConsumerLagSnapshot } from '../contracts/consumer-lag';
import { computeConsumerLag, type GroupOffsets } from './consumer-lag';
import { ConsumerLagPoller } from './consumer-lag-poller';
import { parseConsumerLagConfig } from './lag-config';

/*
 * Fixture: topic "payments" with 3 partitions (end offsets 10, 20, 5) and "audit" with 1 (7).
 *   group "ledger"  (Stable): payments p0 at 4, p1 at 20, p2 nothing committed (-1)
 *   group "notify"  (Empty):  audit p0 at 9 (past the end: after a truncation), payments p2 at 1
 */
const endOffsets = new Map([
  [
    'payments',
    [
      { partition: 0, high: '10' },
      { partition: 1, high: '20' },
      { partition: 2, high: '5' },
    ],
  ],
  ['audit', [{ partition: 0, high: '7' }]],
]);
const groups: GroupOffsets[] = [
  {
    group: 'notify',
    state: 'Empty',
    topics: [
      { topic: 'payments', partitions: [{ partition: 2, offset: '1' }] },
      { topic: 'audit', partitions: [{ partition: 0, offset: '9' }] },
    ],
  },
  {
    group: 'ledger',
    state: 'Stable',
    topics: [
      {
        topic: 'payments',
        partitions: [
          { partition: 2, offset: '-1' },
          { partition: 0, offset: '4' },
          { partition: 1, offset: '20' },
        ],
      },
    ],
  },
];

describe('computeConsumerLag', () => {
  it('gives end - committed per partition, null without a commit, never below 0', () => {
    const lag = computeConsumerLag(groups, endOffsets);
    expect(lag.partitions).toEqual([
      {
        group: 'ledger',
        topic: 'payments',
        partition: 0,
        committedOffset: 4,
        endOffset: 10,
        lag: 6,
      },
      {
        group: 'ledger',
        topic: 'payments',
        partition: 1,
        committedOffset: 20,
        endOffset: 20,
        lag: 0,
      },
      {
        group: 'ledger',
        topic: 'payments',
        partition: 2,
        committedOffset: null,
        endOffset: 5,
        lag: null,
      },
      { group: 'notify', topic: 'audit', partition: 0, committedOffset: 9, endOffset: 7, lag: 0 },
      {
        group: 'notify',
        topic: 'payments',
        partition: 2,
        committedOffset: 1,
        endOffset: 5,
        lag: 4,
      },
    ]);
    expect(lag.groups).toEqual([
      { group: 'ledger', state: 'Stable', totalLag: 6, partitions: 3 },
      { group: 'notify', state: 'Empty', totalLag: 4, partitions: 2 },
    ]);
  });

  it('leaves out partitions whose end offset was not read', () => {
    const lag = computeConsumerLag(groups, new Map([['audit', [{ partition: 0, high: '7' }]]]));
    expect(lag.partitions.map((p) => `${p.group}/${p.topic}/${p.partition}`)).toEqual([
      'notify/audit/0',
    ]);
    expect(lag.groups.find((g) => g.group === 'ledger')).toMatchObject({
      partitions: 0,
      totalLag: 0,
    });
  });
});

describe('parseConsumerLagConfig', () => {
  it('is undefined without KAFKA_BROKERS (not in Kafka mode)', () => {
    expect(parseConsumerLagConfig({})).toBeUndefined();
    expect(parseConsumerLagConfig({ KAFKA_BROKERS: '' })).toBeUndefined();
  });

  it('parses brokers, groups and the interval', () => {
    expect(
      parseConsumerLagConfig({
        KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9092',
        COLLECTORS_LAG_GROUPS: 'ledger,notify',
        COLLECTORS_LAG_INTERVAL_MS: '2000',
      }),
    ).toEqual({
      brokers: ['127.0.0.1:9092', 'kafka-2:9092'],
      groups: ['ledger', 'notify'],
      intervalMs: 2000,
    });
    expect(parseConsumerLagConfig({ KAFKA_BROKERS: '127.0.0.1:9092' })).toMatchObject({
      groups: [],
      intervalMs: 5000,
    });
  });

  it('fails naming the bad variables', () => {
    expect(() =>
      parseConsumerLagConfig({ KAFKA_BROKERS: 'no-port', COLLECTORS_LAG_INTERVAL_MS: 'soon' }),
    ).toThrow(/KAFKA_BROKERS="no-port"[\s\S]*COLLECTORS_LAG_INTERVAL_MS="soon"/);
  });
});

/** A 127.0.0.1 port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function pollUntil<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ConsumerLagPoller with the broker down', () => {
  it('records the error in the snapshot and keeps retrying on its interval', async () => {
    const port = await closedPort();
    const seen: ConsumerLagSnapshot[] = [];
    const poller = new ConsumerLagPoller({
      brokers: [`127.0.0.1:${port}`],
      intervalMs: 100,
      onSnapshot: (snapshot) => {
        seen.push(snapshot);
        throw new Error('a failing listener does not stop the poller');
      },
    });
    expect(poller.snapshot().polledAtUnixMs).toBeNull();
    poller.start();
    try {
      const snapshot = await pollUntil(
        () => poller.snapshot(),
        (s) => s.consecutiveFailures >= 2,
      );
      expect(ConsumerLagSnapshot.parse(snapshot)).toEqual(snapshot);
      expect(snapshot.error).toMatch(/ECONNREFUSED|Connection|connect/i);
      expect(snapshot.readAtUnixMs).toBeNull();
      expect(snapshot.partitions).toEqual([]);
      expect(seen.length).toBeGreaterThanOrEqual(2);
    } finally {
      await poller.stop();
    }
    const failures = poller.snapshot().consecutiveFailures;
    expect((await poller.pollOnce()).consecutiveFailures).toBe(failures + 1);
  });
});

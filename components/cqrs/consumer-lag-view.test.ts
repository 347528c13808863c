import { describe, expect, it } from 'vitest';
import { activeConsumerFaults, consumerLagView, formatAge, lagHistory } from './consumer-lag-view';

describe('consumerLagView', () => {
  it('is null while lag is not available', () => {
    expect(consumerLagView({ enabled: false, message: 'send the gauge' })).toBeNull();
  });

  it('makes one row per group with its topics, service and reading time', () => {
    const view = consumerLagView({
      enabled: true,
      source: 'telemetry',
      snapshot: {
        brokers: [],
        polledAtUnixMs: 2_000,
        readAtUnixMs: 1_900,
        error: null,
        consecutiveFailures: 0,
        groups: [
          { group: 'z.g', state: 'Stale', totalLag: 0, partitions: 1 },
          {
            group: 'a.g',
            state: 'Reporting',
            service: 'accounts',
            totalLag: 5,
            partitions: 3,
            readAtUnixMs: 1_500,
          },
        ],
        partitions: [
          {
            group: 'a.g',
            topic: 't2',
            partition: 0,
            committedOffset: null,
            endOffset: null,
            lag: 1,
          },
          {
            group: 'a.g',
            topic: 't1',
            partition: 0,
            committedOffset: null,
            endOffset: null,
            lag: 4,
          },
          {
            group: 'a.g',
            topic: 't1',
            partition: 1,
            committedOffset: null,
            endOffset: null,
            lag: 0,
          },
          {
            group: 'z.g',
            topic: 't1',
            partition: 0,
            committedOffset: null,
            endOffset: null,
            lag: 0,
          },
        ],
      },
    });
    expect(view?.source).toBe('telemetry');
    expect(view?.rows).toEqual([
      {
        group: 'a.g',
        service: 'accounts',
        topics: ['t1', 't2'],
        totalLag: 5,
        partitions: 3,
        state: 'Reporting',
        readAtUnixMs: 1_500,
      },
      {
        group: 'z.g',
        service: null,
        topics: ['t1'],
        totalLag: 0,
        partitions: 1,
        state: 'Stale',
        readAtUnixMs: 1_900,
      },
    ]);
  });
});

describe('formatAge', () => {
  it('reads seconds, minutes and hours', () => {
    expect(formatAge(null, 10_000)).toBe('never');
    expect(formatAge(7_000, 10_000)).toBe('3 s ago');
    expect(formatAge(0, 150_000)).toBe('3 min ago');
    expect(formatAge(0, 7_200_000)).toBe('2 h ago');
  });
});

const series = (group: string, partition: string, points: Array<[number, number]>) => ({
  service: 'svc',
  name: 'messaging.consumer.lag',
  unit: '{message}',
  type: 'gauge' as const,
  attributes: {
    'messaging.consumer.group.name': group,
    'messaging.destination.partition.id': partition,
  },
  points: points.map(([timeUnixMs, value]) => ({
    type: 'gauge' as const,
    service: 'svc',
    name: 'messaging.consumer.lag',
    unit: '{message}',
    attributes: {},
    resourceAttributes: {},
    timeUnixMs,
    startTimeUnixMs: 0,
    value,
  })),
});

describe('lagHistory', () => {
  it('sums a group’s partitions per collection time, one column per group', () => {
    const history = lagHistory([
      series('b', '0', [
        [1_000, 2],
        [3_000, 5],
      ]),
      series('b', '1', [
        [1_000, 1],
        [3_000, 0],
      ]),
      series('a', '0', [[3_000, 4]]),
    ]);
    expect(history.groups).toEqual(['a', 'b']);
    expect(history.rows).toEqual([
      { timeUnixMs: 1_000, lag: [null, 3] },
      { timeUnixMs: 3_000, lag: [4, 5] },
    ]);
  });
});

describe('activeConsumerFaults', () => {
  it('names the consumer faults active on the group only', () => {
    const fault = (kind: string, target: string, endedAtUnixMs: number | null = null) => ({
      id: `${kind}-${target}`,
      kind,
      target,
      service: 'control',
      startedAtUnixMs: 1,
      endedAtUnixMs,
    });
    const snapshot = {
      active: [fault('consumer-pause', 'g'), fault('latency', 'g'), fault('consumer-slow', 'h')],
      history: [fault('consumer-slow', 'g', 5)],
    };
    expect(activeConsumerFaults(snapshot, 'g')).toEqual(['consumer-pause']);
    expect(activeConsumerFaults(null, 'g')).toEqual([]);
  });
});

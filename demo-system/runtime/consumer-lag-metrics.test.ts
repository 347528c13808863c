import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { messagingMetrics, messagingMetricUnits } from '../../collectors/contracts/conventions';
import type { EventBus, PartitionOffsets } from '../platform/bus/event-bus';
import { observeConsumerLag } from './consumer-lag-metrics';

class TestReader extends MetricReader {
  protected async onShutdown() {}
  protected async onForceFlush() {}
}

const bus = (offsets?: () => PartitionOffsets[]): EventBus => ({
  kind: 'embedded',
  ensureTopics: async () => {},
  publish: async () => {},
  subscribe: async () => {
    throw new Error('unused');
  },
  close: async () => {},
  ...(offsets ? { consumerOffsets: offsets } : {}),
});

describe('observeConsumerLag', () => {
  it('reports end - committed per group and partition as messaging.consumer.lag', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const rows: PartitionOffsets[] = [
      { groupId: 'g', topic: 't', partition: 0, committedOffset: 3, endOffset: 10 },
      { groupId: 'g', topic: 't', partition: 1, committedOffset: 5, endOffset: 5 },
    ];
    expect(
      observeConsumerLag(
        provider.getMeter('test'),
        bus(() => rows),
      ),
    ).toBe(true);
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)[0];
    expect(metric?.descriptor.name).toBe(messagingMetrics.consumerLag);
    expect(metric?.descriptor.unit).toBe(messagingMetricUnits.consumerLag);
    expect(metric?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [
        {
          'messaging.consumer.group.name': 'g',
          'messaging.destination.name': 't',
          'messaging.destination.partition.id': '0',
        },
        7,
      ],
      [
        {
          'messaging.consumer.group.name': 'g',
          'messaging.destination.name': 't',
          'messaging.destination.partition.id': '1',
        },
        0,
      ],
    ]);
    await provider.shutdown();
  });

  it('registers nothing for a bus without offsets (Kafka: the broker is read instead)', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    expect(observeConsumerLag(provider.getMeter('test'), bus())).toBe(false);
    const { resourceMetrics } = await reader.collect();
    expect(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)).toEqual([]);
    await provider.shutdown();
  });
});

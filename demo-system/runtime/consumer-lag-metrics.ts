import type { Meter } from '@opentelemetry/api';
import {
  messagingMetrics,
  messagingMetricUnits,
  semconv,
} from '../../collectors/contracts/conventions';
import type { EventBus } from '../platform/bus/event-bus';

/**
 * A service's consumer lag as an OTel gauge (names in collectors/contracts/conventions.ts):
 * `messaging.consumer.lag` in `{message}`, per consumer group and topic-partition of the
 * groups the service subscribed through `bus` (end offset - committed offset). Read each time
 * the service's metric reader collects. Only buses that know their offsets report it (the
 * embedded bus; in Kafka mode the collectors read lag from the broker): returns false when
 * `bus` cannot.
 */
export function observeConsumerLag(meter: Meter, bus: EventBus): boolean {
  if (!bus.consumerOffsets) return false;
  const read = bus.consumerOffsets.bind(bus);
  const gauge = meter.createObservableGauge(messagingMetrics.consumerLag, {
    description: 'Records on the bus the consumer group has not committed yet, per partition',
    unit: messagingMetricUnits.consumerLag,
  });
  gauge.addCallback((result) => {
    for (const row of read()) {
      result.observe(Math.max(0, row.endOffset - row.committedOffset), {
        [semconv.messagingConsumerGroupName]: row.groupId,
        [semconv.messagingDestinationName]: row.topic,
        [semconv.messagingDestinationPartitionId]: String(row.partition),
      });
    }
  });
  return true;
}

import {
  type ConsumerGroupLag,
  type ConsumerLagPartition,
  type ConsumerLagSnapshot,
  TELEMETRY_STALE_MS,
} from '../contracts/consumer-lag';
import { messagingMetrics, semconv } from '../contracts/conventions';
import type { MetricPoint } from '../contracts/metrics';

/**
 * Consumer lag without a broker: a snapshot built from the latest `messaging.consumer.lag`
 * gauge points (one per series: service, group, topic, partition), whoever sent them. A point
 * needs the group and topic attributes; the partition defaults to 0. When two series report
 * the same group-partition (a service restarted under another instance), the newest wins.
 * Returns undefined when no usable point is held.
 */
export function consumerLagFromTelemetry(
  latest: readonly MetricPoint[],
  nowUnixMs: number,
): ConsumerLagSnapshot | undefined {
  const newest = new Map<string, { row: ConsumerLagPartition; service: string }>();
  for (const point of latest) {
    if (point.name !== messagingMetrics.consumerLag) continue;
    if (point.type !== 'gauge' && point.type !== 'sum') continue;
    const group = text(point.attributes[semconv.messagingConsumerGroupName]);
    const topic = text(point.attributes[semconv.messagingDestinationName]);
    const partition = Number(point.attributes[semconv.messagingDestinationPartitionId] ?? 0);
    if (!group || !topic || !Number.isInteger(partition) || partition < 0) continue;
    if (!Number.isFinite(point.value)) continue;
    const key = JSON.stringify([group, topic, partition]);
    const seen = newest.get(key);
    if (seen && (seen.row.readAtUnixMs ?? 0) > point.timeUnixMs) continue;
    newest.set(key, {
      service: point.service,
      row: {
        group,
        topic,
        partition,
        committedOffset: null,
        endOffset: null,
        lag: Math.max(0, Math.round(point.value)),
        readAtUnixMs: point.timeUnixMs,
      },
    });
  }
  if (newest.size === 0) return undefined;
  const partitions = [...newest.values()]
    .map((n) => n.row)
    .sort(
      (a, b) =>
        a.group.localeCompare(b.group) ||
        a.topic.localeCompare(b.topic) ||
        a.partition - b.partition,
    );
  const groups = new Map<string, ConsumerGroupLag>();
  for (const { row, service } of newest.values()) {
    const at = row.readAtUnixMs ?? 0;
    const group = groups.get(row.group);
    if (!group) {
      groups.set(row.group, {
        group: row.group,
        state: '',
        service,
        totalLag: row.lag ?? 0,
        partitions: 1,
        readAtUnixMs: at,
      });
      continue;
    }
    group.totalLag += row.lag ?? 0;
    group.partitions += 1;
    if (at > (group.readAtUnixMs ?? 0)) {
      group.readAtUnixMs = at;
      group.service = service;
    }
  }
  for (const group of groups.values()) {
    group.state =
      nowUnixMs - (group.readAtUnixMs ?? 0) > TELEMETRY_STALE_MS ? 'Stale' : 'Reporting';
  }
  return {
    brokers: [],
    polledAtUnixMs: nowUnixMs,
    readAtUnixMs: Math.max(...partitions.map((p) => p.readAtUnixMs ?? 0)),
    error: null,
    consecutiveFailures: 0,
    groups: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)),
    partitions,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

import { z } from 'zod';

/**
 * Consumer lag per consumer group and topic-partition, from one of two sources:
 * - `broker` (Kafka mode, KAFKA_BROKERS set): read from the broker itself (kafkajs' admin
 *   client), the offset the group committed against the partition's end offset. Offsets are
 *   Kafka's int64 values as numbers (exact below 2^53).
 * - `telemetry` (no broker): the latest `messaging.consumer.lag` gauge points the collectors
 *   received over OTLP (conventions.ts, messagingMetrics), one per group and partition; they
 *   carry the lag only, so the offsets are null, and the reporting service is known.
 */

export const CONSUMER_LAG_SOURCES = ['broker', 'telemetry'] as const;
export const ConsumerLagSource = z.enum(CONSUMER_LAG_SOURCES);
export type ConsumerLagSource = z.infer<typeof ConsumerLagSource>;

export const ConsumerLagPartition = z.object({
  group: z.string(),
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** The next offset the group will read; null when it has committed nothing on this partition. */
  committedOffset: z.number().int().nonnegative().nullable(),
  /**
   * The partition's end offset (high watermark): the offset the next message will get; null
   * when the source reports the lag only (telemetry).
   */
  endOffset: z.number().int().nonnegative().nullable(),
  /** Messages written but not yet committed: endOffset - committedOffset (at least 0); null without a commit. */
  lag: z.number().int().nonnegative().nullable(),
  /** Telemetry: when this partition's lag was measured (Unix ms). Absent from the broker. */
  readAtUnixMs: z.number().optional(),
});
export type ConsumerLagPartition = z.infer<typeof ConsumerLagPartition>;

export const ConsumerGroupLag = z.object({
  group: z.string(),
  /**
   * Broker: Kafka's group state (Stable, Empty, PreparingRebalance, CompletingRebalance, Dead or
   * Unknown). Telemetry: `Reporting`, or `Stale` when no point came for TELEMETRY_STALE_MS.
   */
  state: z.string(),
  /** The service that runs the group, when known (telemetry: the reporting resource's service.name). */
  service: z.string().optional(),
  /** Telemetry: when the group's newest lag point was measured (Unix ms). */
  readAtUnixMs: z.number().optional(),
  /** Sum of the partitions' lag (partitions without a commit count 0). */
  totalLag: z.number().int().nonnegative(),
  /** Topic-partitions the group has committed offsets on. */
  partitions: z.number().int().nonnegative(),
});
export type ConsumerGroupLag = z.infer<typeof ConsumerGroupLag>;

export const ConsumerLagSnapshot = z.object({
  /** Broker mode: the brokers polled; telemetry: empty. */
  brokers: z.array(z.string()),
  /** When the latest poll ended (Unix ms); null before the first poll. */
  polledAtUnixMs: z.number().nullable(),
  /** When `groups` and `partitions` were read; null until a poll succeeds. */
  readAtUnixMs: z.number().nullable(),
  /**
   * Why the latest poll failed (e.g. the broker is down); null when it succeeded. After a
   * failure, groups and partitions are still those read at `readAtUnixMs`.
   */
  error: z.string().nullable(),
  /** Polls that failed in a row; 0 after a success. */
  consecutiveFailures: z.number().int().nonnegative(),
  /** Ordered by group. */
  groups: z.array(ConsumerGroupLag),
  /** Ordered by group, topic, partition. */
  partitions: z.array(ConsumerLagPartition),
});
export type ConsumerLagSnapshot = z.infer<typeof ConsumerLagSnapshot>;

/** A telemetry group without a lag point for this long is `Stale`. */
export const TELEMETRY_STALE_MS = 30_000;

/**
 * GET /api/v1/consumer-lag: always 200. In Kafka mode (KAFKA_BROKERS set) `enabled: true`,
 * `source: 'broker'` with the poller's latest snapshot. Without a broker, `source: 'telemetry'`
 * with the groups of the `messaging.consumer.lag` points received; until one arrives
 * `enabled: false` and a message saying what to send (or to set KAFKA_BROKERS), so a dashboard
 * can show an explanation instead of an error.
 */
export const ConsumerLagResponse = z.discriminatedUnion('enabled', [
  z.object({
    enabled: z.literal(true),
    source: ConsumerLagSource,
    snapshot: ConsumerLagSnapshot,
  }),
  z.object({ enabled: z.literal(false), message: z.string() }),
]);
export type ConsumerLagResponse = z.infer<typeof ConsumerLagResponse>;

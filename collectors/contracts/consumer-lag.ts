import { z } from 'zod';

/**
 * Consumer lag in Kafka mode, read from the broker itself (kafkajs' admin client): for each
 * consumer group and topic-partition, the offset the group committed against the partition's
 * end offset. Offsets are Kafka's int64 values as numbers (exact below 2^53).
 */

export const ConsumerLagPartition = z.object({
  group: z.string(),
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** The next offset the group will read; null when it has committed nothing on this partition. */
  committedOffset: z.number().int().nonnegative().nullable(),
  /** The partition's end offset (high watermark): the offset the next message will get. */
  endOffset: z.number().int().nonnegative(),
  /** Messages written but not yet committed: endOffset - committedOffset (at least 0); null without a commit. */
  lag: z.number().int().nonnegative().nullable(),
});
export type ConsumerLagPartition = z.infer<typeof ConsumerLagPartition>;

export const ConsumerGroupLag = z.object({
  group: z.string(),
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead or Unknown. */
  state: z.string(),
  /** Sum of the partitions' lag (partitions without a commit count 0). */
  totalLag: z.number().int().nonnegative(),
  /** Topic-partitions the group has committed offsets on. */
  partitions: z.number().int().nonnegative(),
});
export type ConsumerGroupLag = z.infer<typeof ConsumerGroupLag>;

export const ConsumerLagSnapshot = z.object({
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

/**
 * GET /api/v1/consumer-lag: always 200. In Kafka mode (KAFKA_BROKERS set) `enabled: true` with
 * the poller's latest snapshot; otherwise `enabled: false` and a message saying how to turn it
 * on, so a dashboard can show an explanation instead of an error.
 */
export const ConsumerLagResponse = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(true), snapshot: ConsumerLagSnapshot }),
  z.object({ enabled: z.literal(false), message: z.string() }),
]);
export type ConsumerLagResponse = z.infer<typeof ConsumerLagResponse>;

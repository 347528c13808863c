/**
 * The event bus seam. One interface, two adapters:
 *
 * - `embedded-bus.ts`: an in-memory log in this process with Kafka's semantics (the default);
 * - `kafka-bus.ts`: Apache Kafka through kafkajs (KAFKA_BROKERS).
 *
 * Semantics both adapters keep (pinned by one conformance suite, bus-conformance.ts):
 * - a topic has N partitions; a record goes to the partition of its key (same key, same
 *   partition, so records of one key are delivered in the order they were published);
 * - a consumer group shares a topic's partitions among its members; each group has its own
 *   committed offsets; a new group starts at the beginning (or the end, `fromBeginning: false`);
 * - at-least-once: an offset is committed only after `handle` resolved; a handler that throws
 *   gets the same record again (after a backoff), and records handled but not committed when a
 *   member stops or crashes are delivered again to whichever member takes the partition over.
 *   Consumers make effects exactly-once with an inbox (platform/outbox/inbox.ts).
 */

export interface BusRecord {
  /** Partition key: the aggregate id, so one aggregate's events stay in order. */
  key: string;
  /** The serialized event envelope (UTF-8 JSON). */
  value: string;
  /** Message headers: trace context (`traceparent`, `tracestate`), `event-type`, `event-version`. */
  headers: Record<string, string>;
}

export interface BusMessage extends BusRecord {
  topic: string;
  partition: number;
  /** Position in the partition, as a decimal string (Kafka's int64). */
  offset: string;
  /** How many times this record was handed to a handler in this group, 1 on the first try. */
  deliveryAttempt: number;
}

export interface TopicSpec {
  name: string;
  /** Default 3. */
  partitions?: number;
}

export interface SubscribeOptions {
  /** Consumer group id; members of one group share the partitions. */
  groupId: string;
  topics: readonly string[];
  /** Where a group without committed offsets starts; default true (the earliest record). */
  fromBeginning?: boolean;
  /**
   * Called once per record, in partition order; the offset is committed after it resolves. A
   * throw redelivers the same record after a backoff (never skipped).
   */
  handle(message: BusMessage): Promise<void>;
}

export interface Subscription {
  readonly groupId: string;
  /** Stops fetching after the records in hand; `resume` continues from the committed offset. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Leaves the group: the partitions go to the other members; uncommitted records are redelivered. */
  close(): Promise<void>;
}

/** Raised by `publish` when the bus cannot take the records now (broker down, bus closed). */
export class BusUnavailableError extends Error {
  override name = 'BusUnavailableError';
}

/** Where a consumer group stands on one topic-partition (the embedded bus reports it). */
export interface PartitionOffsets {
  groupId: string;
  topic: string;
  partition: number;
  /** The next offset the group reads (never below the earliest retained record). */
  committedOffset: number;
  /** The offset the next record appended to the partition gets. */
  endOffset: number;
}

export interface EventBus {
  readonly kind: 'embedded' | 'kafka';
  /**
   * Embedded bus only (Kafka's offsets are read from the broker by the collectors): the
   * committed and end offsets of the consumer groups subscribed through this client, per
   * topic-partition, ordered by group, topic, partition.
   */
  consumerOffsets?(): PartitionOffsets[];
  /** Creates the topics that do not exist yet (idempotent). */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /**
   * Appends the records; resolves when they are durable on the bus (Kafka: acks from all
   * in-sync replicas), rejects with BusUnavailableError when they may not be.
   */
  publish(topic: string, records: readonly BusRecord[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Closes every subscription and connection. Safe to call twice. */
  close(): Promise<void>;
}

import {
  type GroupState,
  type Member,
  Partition,
  slot,
  type TopicState,
  Worker,
} from './embedded-delivery';
import {
  type BusRecord,
  BusUnavailableError,
  type EventBus,
  type PartitionOffsets,
  type SubscribeOptions,
  type Subscription,
  type TopicSpec,
} from './event-bus';
import { partitionForKey } from './partitioner';

/**
 * The embedded bus: an in-memory log in this process with Kafka's semantics (see event-bus.ts).
 *
 * - Topics have N partitions (default 3); a record goes to `murmur2(key) % N`, Kafka's default
 *   partitioner, so a key lands on the same partition number as in Kafka mode.
 * - A consumer group keeps one committed offset per partition and shares the partitions among
 *   its members (round-robin by join order); a join or a leave rebalances. A partition changes
 *   hands only after its previous owner finished the record in hand, so one partition is never
 *   handled by two members at once and its records stay in order.
 * - Each assigned partition runs its own delivery loop: sequential within a partition,
 *   concurrent across partitions. An offset is committed only after `handle` resolved; a throw
 *   redelivers the same record after a bounded exponential backoff (50 ms doubling to 2 s).
 * - `close()` on a subscription is Kafka's graceful leave: no new records, the records in hand
 *   finish (and commit if they succeed; a record whose handler throws while closing is not
 *   retried and not committed), then the partitions go to the other members, which start at
 *   the committed offsets (so uncommitted records are delivered again).
 * - Memory is bounded by a retention count per topic (default 100 000 records): the oldest
 *   records are dropped, as Kafka's retention does; a group behind the retained range starts
 *   at the earliest retained record (auto.offset.reset=earliest) and `log` says so.
 *
 * The log lives and dies with the process; producers with an outbox replay recent rows at
 * start and consumers deduplicate with an inbox.
 */

export interface EmbeddedBusOptions {
  /** Records kept per topic (split evenly across its partitions); default 100 000. */
  retention?: number;
  /** Partitions of a topic that `ensureTopics`/`publish` create without a count; default 3. */
  defaultPartitions?: number;
  /** Diagnostics (retention overruns). */
  log?: (line: string) => void;
}

export const DEFAULT_RETENTION = 100_000;
export const DEFAULT_PARTITIONS = 3;

export function createEmbeddedBus(options: EmbeddedBusOptions = {}): EventBus {
  const retention = options.retention ?? DEFAULT_RETENTION;
  const defaultPartitions = options.defaultPartitions ?? DEFAULT_PARTITIONS;
  if (!Number.isInteger(retention) || retention < 1) {
    throw new RangeError(`retention must be a positive integer, got ${retention}`);
  }
  const log = options.log ?? (() => {});
  const topics = new Map<string, TopicState>();
  const groups = new Map<string, GroupState>();
  const subscriptions = new Set<Subscription>();
  let memberIds = 0;
  let closed = false;

  function topicState(name: string, partitions = defaultPartitions): TopicState {
    let topic = topics.get(name);
    if (!topic) {
      if (!Number.isInteger(partitions) || partitions < 1) {
        throw new RangeError(`topic ${name}: partitions must be a positive integer`);
      }
      topic = { name, partitions: Array.from({ length: partitions }, () => new Partition()) };
      topics.set(name, topic);
    }
    return topic;
  }

  function splitSlot(key: string): [string, number] {
    const at = key.lastIndexOf('/');
    return [key.slice(0, at), Number(key.slice(at + 1))];
  }

  function leave(group: GroupState, member: Member): Promise<void> {
    member.closed = true;
    group.members = group.members.filter((m) => m !== member);
    const stops = [...group.owners.values()]
      .filter((w) => w.member === member)
      .map((w) => w.stop());
    rebalance(group);
    return Promise.all(stops).then(() => {});
  }

  /** Moves partitions to the group's current members; a moved partition drains first. */
  function rebalance(group: GroupState): void {
    const live = group.members.filter((m) => !m.closed);
    const desired = assignment(live);
    for (const [key, worker] of [...group.owners]) {
      if (desired.get(key) !== worker.member) {
        group.owners.delete(key);
        remember(group, key, worker.stop());
      }
    }
    for (const [key, member] of desired) {
      if (group.owners.has(key)) continue;
      const [name, p] = splitSlot(key);
      const worker = new Worker(group, member, topicState(name), p, log);
      group.owners.set(key, worker);
      worker.start(Promise.all(group.draining.get(key) ?? []).then(() => {}));
    }
  }

  function remember(group: GroupState, key: string, stop: Promise<void>): void {
    group.draining.set(key, [...(group.draining.get(key) ?? []), stop]);
    void stop.then(() => {
      const rest = (group.draining.get(key) ?? []).filter((s) => s !== stop);
      if (rest.length === 0) group.draining.delete(key);
      else group.draining.set(key, rest);
    });
  }

  function assignment(live: Member[]): Map<string, Member> {
    const desired = new Map<string, Member>();
    for (const name of new Set(live.flatMap((m) => m.topics))) {
      const readers = live.filter((m) => m.topics.includes(name));
      topicState(name).partitions.forEach((_, p) => {
        desired.set(slot(name, p), readers[p % readers.length]!);
      });
    }
    return desired;
  }

  const bus: EventBus = {
    kind: 'embedded',

    async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
      if (closed) throw new BusUnavailableError('the embedded bus is closed');
      for (const spec of specs) topicState(spec.name, spec.partitions ?? defaultPartitions);
    },

    async publish(name: string, records: readonly BusRecord[]): Promise<void> {
      if (closed) throw new BusUnavailableError('the embedded bus is closed');
      const topic = topicState(name);
      const touched = new Set<Partition>();
      for (const record of records) {
        const partition = topic.partitions[partitionForKey(record.key, topic.partitions.length)]!;
        partition.append(record);
        touched.add(partition);
      }
      const keep = Math.max(1, Math.ceil(retention / topic.partitions.length));
      for (const partition of touched) {
        const dropped = partition.trim(keep);
        if (dropped > 0) warnOverrun(name, topic.partitions.indexOf(partition), partition);
        for (const reader of partition.readers) reader.wake();
      }
    },

    async subscribe(opts: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new BusUnavailableError('the embedded bus is closed');
      if (opts.topics.length === 0) throw new Error('subscribe: no topics');
      let group = groups.get(opts.groupId);
      if (!group) {
        group = {
          id: opts.groupId,
          members: [],
          committed: new Map(),
          attempts: new Map(),
          owners: new Map(),
          draining: new Map(),
        };
        groups.set(opts.groupId, group);
      }
      const fromBeginning = opts.fromBeginning ?? true;
      for (const name of opts.topics) {
        const topic = topicState(name);
        topic.partitions.forEach((partition, p) => {
          const key = slot(name, p);
          if (!group.committed.has(key)) {
            group.committed.set(key, fromBeginning ? partition.base : partition.end);
          }
        });
      }
      const member: Member = {
        id: ++memberIds,
        topics: [...new Set(opts.topics)],
        handle: opts.handle,
        paused: false,
        closed: false,
        workers: new Set(),
      };
      const joined = group;
      joined.members.push(member);
      rebalance(joined);
      let closing: Promise<void> | null = null;
      const subscription: Subscription = {
        groupId: opts.groupId,
        get paused() {
          return member.paused;
        },
        pause() {
          if (member.closed) return;
          member.paused = true;
          for (const worker of member.workers) worker.wakeUp();
        },
        resume() {
          if (member.closed) return;
          member.paused = false;
          for (const worker of member.workers) worker.wakeUp();
        },
        close() {
          closing ??= leave(joined, member).finally(() => subscriptions.delete(subscription));
          return closing;
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    consumerOffsets(): PartitionOffsets[] {
      return readOffsets(groups.values());
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
    },
  };

  function readOffsets(of: Iterable<GroupState>): PartitionOffsets[] {
    const rows: PartitionOffsets[] = [];
    for (const group of of) {
      for (const [key, committed] of group.committed) {
        const [name, partition] = splitSlot(key);
        const source = topics.get(name)?.partitions[partition];
        if (!source) continue;
        rows.push({
          groupId: group.id,
          topic: name,
          partition,
          committedOffset: Math.min(Math.max(committed, source.base), source.end),
          endOffset: source.end,
        });
      }
    }
    return rows.sort(
      (a, b) =>
        a.groupId.localeCompare(b.groupId) ||
        a.topic.localeCompare(b.topic) ||
        a.partition - b.partition,
    );
  }

  function warnOverrun(name: string, p: number, partition: Partition): void {
    for (const group of groups.values()) {
      const committed = group.committed.get(slot(name, p));
      if (committed !== undefined && committed < partition.base) {
        log(
          `embedded bus: group ${group.id} fell behind the retention of ${name}/${p} ` +
            `(committed ${committed}, earliest kept ${partition.base}); it skips ahead`,
        );
        group.committed.set(slot(name, p), partition.base);
      }
    }
  }

  return bus;
}

import type { BusMessage, BusRecord, SubscribeOptions } from './event-bus';
import { RETRY_BACKOFF, retryDelayMs, Waker } from './waker';

/**
 * The embedded bus's storage and delivery loop (embedded-bus.ts wires them): a partition's
 * records, a consumer group's state, and the loop that hands one partition's records to one
 * member in order, committing after each `handle` resolved.
 */

interface StoredRecord extends BusRecord {
  offset: number;
}

export class Partition {
  /** Offset of `records[0]`. */
  base = 0;
  readonly records: StoredRecord[] = [];
  /** Delivery loops reading this partition, woken on append. */
  readonly readers = new Set<Waker>();

  get end(): number {
    return this.base + this.records.length;
  }

  append(record: BusRecord): void {
    this.records.push({
      key: record.key,
      value: record.value,
      headers: { ...record.headers },
      offset: this.end,
    });
  }

  /** Drops the oldest records beyond `keep` (with some slack, so trimming is amortized). */
  trim(keep: number): number {
    const excess = this.records.length - keep;
    if (excess <= Math.max(16, Math.floor(keep / 10))) return 0;
    this.records.splice(0, excess);
    this.base += excess;
    return excess;
  }
}

export interface TopicState {
  name: string;
  partitions: Partition[];
}

export interface Member {
  readonly id: number;
  readonly topics: readonly string[];
  readonly handle: SubscribeOptions['handle'];
  paused: boolean;
  closed: boolean;
  readonly workers: Set<Worker>;
}

export interface GroupState {
  readonly id: string;
  members: Member[];
  /** Next offset to read per `topic/partition`. */
  readonly committed: Map<string, number>;
  /** Delivery attempts of a record not yet committed, per `topic/partition/offset`. */
  readonly attempts: Map<string, number>;
  /** The delivery loop of each `topic/partition` and the member that owns it. */
  readonly owners: Map<string, Worker>;
  /** The stops of a partition's previous owners: its next owner starts after they drained. */
  readonly draining: Map<string, Promise<void>[]>;
}

export const slot = (topic: string, partition: number) => `${topic}/${partition}`;

/** One member's delivery loop over one partition. */
export class Worker {
  readonly key: string;
  private readonly waker = new Waker();
  private stopping = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly group: GroupState,
    readonly member: Member,
    private readonly topic: TopicState,
    private readonly partition: number,
    private readonly log: (line: string) => void,
  ) {
    this.key = slot(topic.name, partition);
  }

  start(after: Promise<void>): void {
    this.member.workers.add(this);
    const source = this.topic.partitions[this.partition]!;
    source.readers.add(this.waker);
    this.done = after
      .then(() => this.run(source))
      .catch((error: unknown) => {
        this.log(`embedded bus: delivery loop ${this.group.id} ${this.key} failed: ${error}`);
      })
      .finally(() => {
        source.readers.delete(this.waker);
        this.member.workers.delete(this);
      });
  }

  /** Stops after the record in hand; resolves when the loop has exited. */
  stop(): Promise<void> {
    this.stopping = true;
    this.waker.wake();
    return this.done;
  }

  wakeUp(): void {
    this.waker.wake();
  }

  private async run(source: Partition): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      if (this.member.paused) {
        await this.waker.wait();
        continue;
      }
      const committed = Math.max(this.group.committed.get(this.key) ?? source.base, source.base);
      if (committed >= source.end) {
        await this.waker.wait();
        continue;
      }
      const record = source.records[committed - source.base]!;
      const attemptKey = `${this.key}/${record.offset}`;
      const attempt = (this.group.attempts.get(attemptKey) ?? 0) + 1;
      this.group.attempts.set(attemptKey, attempt);
      const message: BusMessage = {
        topic: this.topic.name,
        partition: this.partition,
        offset: String(record.offset),
        key: record.key,
        value: record.value,
        headers: { ...record.headers },
        deliveryAttempt: attempt,
      };
      try {
        await this.member.handle(message);
      } catch {
        // Not committed: the same record comes again, after a backoff, unless this loop stops
        // or pauses (then whoever reads the partition next starts at the committed offset).
        failures += 1;
        if (this.stopping) return;
        // Appends wake the loop too; only a stop or a pause cuts the backoff short.
        const until = Date.now() + retryDelayMs(failures, RETRY_BACKOFF);
        while (!this.stopping && !this.member.paused && Date.now() < until) {
          await this.waker.wait(until - Date.now());
        }
        continue;
      }
      failures = 0;
      this.group.attempts.delete(attemptKey);
      // Commit unless another member already moved past it (never move an offset backwards).
      if ((this.group.committed.get(this.key) ?? 0) <= record.offset) {
        this.group.committed.set(this.key, record.offset + 1);
      }
    }
  }
}

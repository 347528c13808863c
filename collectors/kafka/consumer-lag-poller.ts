import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { ConsumerLagSnapshot } from '../contracts/consumer-lag';
import { readConsumerLag } from './consumer-lag';

export interface ConsumerLagPollerOptions {
  brokers: readonly string[];
  /** Groups to watch; empty or absent: every group that commits offsets. */
  groups?: readonly string[];
  /** Pause between the end of one poll and the start of the next. */
  intervalMs: number;
  clientId?: string;
  /** Called after every poll, successful or not (an exception from it is ignored). */
  onSnapshot?: (snapshot: ConsumerLagSnapshot) => void;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
}

/**
 * Polls consumer-group lag from the broker on an interval. A poll never throws out of the
 * timer: when the broker is down or a request fails, the snapshot keeps the last figures read,
 * records the error and the count of failures in a row, and the next poll reconnects and
 * retries. Polls never overlap (the next is scheduled when one ends).
 */
export class ConsumerLagPoller {
  private readonly kafka: Kafka;
  private readonly clock: () => number;
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<ConsumerLagSnapshot> | undefined;
  private current: ConsumerLagSnapshot;

  constructor(private readonly options: ConsumerLagPollerOptions) {
    if (options.brokers.length === 0) throw new RangeError('ConsumerLagPoller needs brokers');
    this.clock = options.clock ?? Date.now;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'patternscope-collectors-lag',
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING, // failures are reported in the snapshot
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    this.current = {
      brokers: [...options.brokers],
      polledAtUnixMs: null,
      readAtUnixMs: null,
      error: null,
      consecutiveFailures: 0,
      groups: [],
      partitions: [],
    };
  }

  /** The latest snapshot (before the first poll: empty, with polledAtUnixMs null). */
  snapshot(): ConsumerLagSnapshot {
    return this.current;
  }

  /** Polls now, then every intervalMs until stop(). Calling it twice does nothing more. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the timer, waits for a poll in flight and disconnects from the broker. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.disconnect();
  }

  /** One poll now (sharing a poll already in flight); resolves with the new snapshot, never rejects. */
  pollOnce(): Promise<ConsumerLagSnapshot> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      void this.pollOnce().then(() => {
        if (this.running) this.schedule(this.options.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<ConsumerLagSnapshot> {
    try {
      if (!this.admin) {
        const admin = this.kafka.admin();
        this.admin = admin;
        await admin.connect();
      }
      const lag = await readConsumerLag(this.admin, this.options.groups);
      const now = this.clock();
      this.current = {
        ...this.current,
        ...lag,
        polledAtUnixMs: now,
        readAtUnixMs: now,
        error: null,
        consecutiveFailures: 0,
      };
    } catch (error) {
      // Start from a fresh connection next time: kafkajs' admin does not always recover.
      await this.disconnect();
      this.current = {
        ...this.current,
        polledAtUnixMs: this.clock(),
        error: error instanceof Error ? error.message : String(error),
        consecutiveFailures: this.current.consecutiveFailures + 1,
      };
    }
    try {
      this.options.onSnapshot?.(this.current);
    } catch {
      // A failing listener must not stop the polling.
    }
    return this.current;
  }

  private async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => {});
  }
}

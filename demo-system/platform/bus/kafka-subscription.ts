import kafkajs, { type Consumer, type Kafka, type KafkaMessage } from 'kafkajs';
import type { BusMessage, SubscribeOptions, Subscription } from './event-bus';
import { RETRY_BACKOFF, retryDelayMs, Waker } from './waker';

/**
 * One subscription on Kafka: a kafkajs consumer in the group, kept alive by a supervisor.
 *
 * Commit semantics (kafkajs 2.2.4, consumer/runner.js): with `eachMessage` and autoCommit on,
 * kafkajs resolves a message's offset only after `eachMessage` resolved, and commits resolved
 * offsets after each batch, on rebalance and on a graceful stop; a throw from `eachMessage`
 * commits the offsets resolved before it and refetches from the failed message. So an offset is
 * committed only after `handle` resolved. A throwing `handle` is retried here, in place, after
 * a backoff (50 ms doubling to 2 s, with heartbeats between tries): the same record, before any
 * later one of its partition. A rebalance during the backoff (the heartbeat fails) or `close()`
 * gives the record up uncommitted, and the partition's next owner gets it again.
 *
 * Reconnection: kafkajs restarts a crashed consumer by itself when the error is retriable; when
 * it gives up (`restart: false` on the CRASH event, e.g. no broker available), the supervisor
 * builds a new consumer after a backoff, until `close()`.
 */

export interface KafkaSubscriptionSettings {
  kafka: Kafka;
  clientId: string;
  log: (line: string) => void;
  /** How long `subscribe` waits for the first group join before it resolves anyway. */
  joinTimeoutMs: number;
  sessionTimeoutMs: number;
  /** Positions a new group at the end of its topics (fromBeginning: false). */
  startAtEnd(groupId: string, topics: readonly string[]): Promise<void>;
}

// kafkajs is CommonJS and its error classes are not visible to Node's ESM named-import
// detection: read them from the default export.
const { KafkaJSError } = kafkajs;

/** Thrown out of eachMessage to give a record up; a KafkaJSError so kafkajs does not log it. */
class GiveUp extends KafkaJSError {
  constructor(reason: string) {
    super(reason, { retriable: true });
  }
}

export async function startKafkaSubscription(
  settings: KafkaSubscriptionSettings,
  options: SubscribeOptions,
  onClosed: (subscription: Subscription) => void,
): Promise<Subscription> {
  const { kafka, log, clientId } = settings;
  const topics = [...new Set(options.topics)];
  const attempts = new Map<string, number>();
  const wakers = new Set<Waker>();
  let consumer: Consumer | null = null;
  let paused = false;
  let closed = false;
  let closing: Promise<void> | null = null;
  let generation = 0;
  let joined: () => void = () => {};
  const firstJoin = new Promise<void>((resolve) => {
    joined = resolve;
  });

  if (options.fromBeginning === false) {
    await settings.startAtEnd(options.groupId, topics).catch((error: unknown) => {
      log(
        `kafka ${clientId}: could not position new group ${options.groupId} at the end: ${error}`,
      );
    });
  }

  const toBusMessage = (
    topic: string,
    partition: number,
    message: KafkaMessage,
    deliveryAttempt: number,
  ): BusMessage => {
    const headers: Record<string, string> = {};
    for (const [name, raw] of Object.entries(message.headers ?? {})) {
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value !== undefined) headers[name] = value.toString();
    }
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? '',
      value: message.value?.toString() ?? '',
      headers,
      deliveryAttempt,
    };
  };

  async function deliver(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const key = `${topic}/${partition}/${message.offset}`;
    let failures = 0;
    for (;;) {
      if (closed) throw new GiveUp('the subscription is closing');
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      try {
        await options.handle(toBusMessage(topic, partition, message, attempt));
        attempts.delete(key);
        return;
      } catch {
        failures += 1;
      }
      const until = Date.now() + retryDelayMs(failures, RETRY_BACKOFF);
      const waker = new Waker();
      wakers.add(waker);
      try {
        while (!closed && Date.now() < until) {
          await waker.wait(Math.min(until - Date.now(), 1_000));
          // Throws when the group rebalances: the record goes back uncommitted.
          if (!closed) await heartbeat();
        }
      } finally {
        wakers.delete(waker);
      }
    }
  }

  async function run(): Promise<void> {
    const mine = ++generation;
    const next = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      rebalanceTimeout: Math.max(settings.sessionTimeoutMs * 2, 20_000),
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 8 },
    });
    consumer = next;
    next.on(next.events.GROUP_JOIN, () => {
      joined();
      if (paused) pauseConsumer(next);
    });
    next.on(next.events.CRASH, (event) => {
      if (closed || event.payload.restart || mine !== generation) return;
      log(
        `kafka ${clientId}: consumer ${options.groupId} stopped (${event.payload.error.message}); rebuilding`,
      );
      void next.disconnect().catch(() => {});
      scheduleRestart(mine);
    });
    try {
      await next.connect();
      await next.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
      await next.run({
        partitionsConsumedConcurrently: 8,
        eachMessage: ({ topic, partition, message, heartbeat }) =>
          deliver(topic, partition, message, heartbeat),
      });
    } catch (error) {
      if (closed || mine !== generation) return;
      log(
        `kafka ${clientId}: consumer ${options.groupId} could not start (${errorText(error)}); retrying`,
      );
      void next.disconnect().catch(() => {});
      scheduleRestart(mine);
    }
  }

  let restarts = 0;
  function scheduleRestart(from: number): void {
    if (closed || from !== generation) return;
    restarts += 1;
    const delay = retryDelayMs(restarts, { initialMs: 500, maxMs: 5_000 });
    setTimeout(() => {
      if (!closed && from === generation) void run();
    }, delay).unref();
  }

  function pauseConsumer(target: Consumer): void {
    try {
      target.pause(topics.map((topic) => ({ topic })));
    } catch {
      // Not running yet: GROUP_JOIN applies the pause.
    }
  }

  void run();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    firstJoin,
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(
          `kafka ${clientId}: group ${options.groupId} not joined after ${settings.joinTimeoutMs} ms; still trying`,
        );
        resolve();
      }, settings.joinTimeoutMs);
    }),
  ]);
  clearTimeout(timer);

  const subscription: Subscription = {
    groupId: options.groupId,
    get paused() {
      return paused;
    },
    pause() {
      if (closed) return;
      paused = true;
      if (consumer) pauseConsumer(consumer);
    },
    resume() {
      if (closed) return;
      paused = false;
      try {
        consumer?.resume(topics.map((topic) => ({ topic })));
      } catch {
        // Not running: the next consumer starts unpaused.
      }
    },
    close() {
      closing ??= (async () => {
        closed = true;
        for (const waker of wakers) waker.wake();
        await consumer?.disconnect().catch((error: unknown) => {
          log(`kafka ${clientId}: consumer ${options.groupId} disconnect: ${errorText(error)}`);
        });
        onClosed(subscription);
      })();
      return closing;
    },
  };
  return subscription;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

import net from 'node:net';
import {
  type Admin,
  type ISocketFactory,
  Kafka,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';
import {
  type BusRecord,
  BusUnavailableError,
  type EventBus,
  type SubscribeOptions,
  type Subscription,
  type TopicSpec,
} from './event-bus';
import { quietLogCreator } from './kafka-logging';
import { errorText, startKafkaSubscription } from './kafka-subscription';

/**
 * The Kafka adapter (kafkajs 2.2.4): one Kafka client per bus (`clientId` = the service).
 *
 * - Producer: idempotent (acks from all in-sync replicas, one request in flight, so retries
 *   neither reorder nor duplicate within a producer session), created on first publish. A publish
 *   that fails or takes longer than `publishTimeoutMs` rejects with BusUnavailableError and the
 *   producer is rebuilt for the next one (a timed-out send may still land: consumers dedup).
 * - Consumers: one kafkajs consumer per subscription (kafka-subscription.ts): offsets committed
 *   only after `handle` resolved, in-place redelivery of a failing record, rebuilt after a crash.
 * - `ensureTopics`: admin createTopics, existing topics are fine.
 * - Logging: kafkajs WARN/ERROR only, one line each, repeats suppressed (kafka-logging.ts).
 * - `route` rewrites every broker address this client dials, bootstrap and advertised alike
 *   (through kafkajs's `socketFactory`): a broker advertises its own address in the metadata,
 *   so a client bootstrapped through a proxy would otherwise bypass it after the first request.
 */
export interface KafkaBusOptions {
  brokers: readonly string[];
  clientId: string;
  log?: (line: string) => void;
  /** Rewrites each broker address this client connects to (e.g. to a TCP proxy). */
  route?: (host: string, port: number) => { host: string; port: number };
  /** Upper bound of one publish; default 5 000 ms. */
  publishTimeoutMs?: number;
  /** Consumer session timeout: how long a silent member keeps its partitions; default 10 000. */
  sessionTimeoutMs?: number;
  /** How long `subscribe` waits for the group join before resolving anyway; default 15 000. */
  joinTimeoutMs?: number;
}

export function createKafkaBus(options: KafkaBusOptions): EventBus {
  const log = options.log ?? (() => {});
  const publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    logCreator: quietLogCreator(options.clientId, log),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 5 },
    ...(options.route ? { socketFactory: routedSocketFactory(options.route) } : {}),
  });
  const subscriptions = new Set<Subscription>();
  let producer: Promise<Producer> | null = null;
  let closed = false;

  function connectProducer(): Promise<Producer> {
    producer ??= (async () => {
      const next = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
      });
      await next.connect();
      return next;
    })();
    return producer;
  }

  function dropProducer(): void {
    const stale = producer;
    producer = null;
    void stale?.then((p) => p.disconnect()).catch(() => {});
  }

  async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = kafka.admin({
      retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 5 },
    });
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /** Commits the current end offsets for a group that has none yet (fromBeginning: false). */
  async function startAtEnd(groupId: string, topics: readonly string[]): Promise<void> {
    await withAdmin(async (admin) => {
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        if (partitions.some((p) => p.offset !== '-1')) continue;
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          groupId,
          topic,
          partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
        });
      }
    });
  }

  return {
    kind: 'kafka',

    async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
      if (closed) throw new BusUnavailableError('the Kafka bus is closed');
      try {
        await withAdmin(async (admin) => {
          const existing = new Set(await admin.listTopics());
          const missing = topics.filter((t) => !existing.has(t.name));
          if (missing.length === 0) return;
          await admin
            .createTopics({
              waitForLeaders: true,
              topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions ?? 3 })),
            })
            .catch((error: unknown) => {
              if (!onlyAlreadyExists(error)) throw error;
            });
        });
      } catch (error) {
        throw new BusUnavailableError(`ensureTopics: ${errorText(error)}`, { cause: error });
      }
    },

    async publish(topic: string, records: readonly BusRecord[]): Promise<void> {
      if (closed) throw new BusUnavailableError('the Kafka bus is closed');
      if (records.length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          (async () => {
            const p = await connectProducer();
            await p.send({
              topic,
              acks: -1,
              timeout: publishTimeoutMs,
              messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
            });
          })(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no acknowledgement within ${publishTimeoutMs} ms`)),
              publishTimeoutMs,
            );
          }),
        ]);
      } catch (error) {
        dropProducer();
        throw new BusUnavailableError(`publish to ${topic}: ${errorText(error)}`, {
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
    },

    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new BusUnavailableError('the Kafka bus is closed');
      const subscription = await startKafkaSubscription(
        {
          kafka,
          clientId: options.clientId,
          log,
          joinTimeoutMs: options.joinTimeoutMs ?? 15_000,
          sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
          startAtEnd,
        },
        subscribeOptions,
        (s) => subscriptions.delete(s),
      );
      subscriptions.add(subscription);
      return subscription;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
      const last = producer;
      producer = null;
      await last?.then((p) => p.disconnect()).catch(() => {});
    },
  };
}

function onlyAlreadyExists(error: unknown): boolean {
  const nested = (error as { errors?: Array<{ type?: string }> } | null)?.errors;
  if (Array.isArray(nested) && nested.length > 0) {
    return nested.every((e) => e.type === 'TOPIC_ALREADY_EXISTS');
  }
  return (error as { type?: string } | null)?.type === 'TOPIC_ALREADY_EXISTS';
}

/** kafkajs's default socket factory (plain TCP), dialing `route(host, port)` instead. */
function routedSocketFactory(
  route: (host: string, port: number) => { host: string; port: number },
): ISocketFactory {
  return ({ host, port, onConnect }) => {
    const target = route(host, port);
    const socket = net.connect({ host: target.host, port: target.port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    return socket;
  };
}

import {
  type BusRecord,
  BusUnavailableError,
  type EventBus,
  type SubscribeOptions,
  type Subscription,
} from '../../platform/bus/event-bus';

/**
 * The event-bus fault points of the in-process platform. Every service's bus is wrapped
 * (`wrap`) so the fault engine can, per consumer group, pause it or slow every delivery down;
 * per topic, publish a share of the records twice (a producer retry's duplicate: every group
 * of the topic gets it twice, and its inbox must skip it); and per service, cut its bus
 * connection (publishes fail with BusUnavailableError, as with a broker out of reach, and its
 * consumers stop fetching until the connection is back).
 *
 * Where the cut happens: a service wrapped with a `wire` (Kafka mode: its client connects
 * through TCP proxies, runtime/platform-buses.ts) is cut at the wire, and nothing here fakes
 * it: kafkajs itself sees its connections go silent, its publishes time out (the outbox keeps
 * the events and retries) and its consumers stop fetching, until the restore. A service
 * without one (the embedded bus: there is no wire) is cut in this wrapper instead.
 */

/** A service's broker connections, cut at the wire; `cut()` returns the restore. */
export interface WireCut {
  cut(): () => void;
}

interface Consumer {
  service: string;
  groupId: string;
  topics: readonly string[];
  subscription: Subscription;
}

export interface BusFaults {
  /** The bus `service` is started with: `inner`, with the fault points in. */
  wrap(service: string, inner: EventBus, wire?: WireCut): EventBus;
  /** Consumer groups subscribed now. */
  groups(): string[];
  /** Who consumes what now. */
  consumers(): Array<{ service: string; groupId: string; topics: string[] }>;
  /** Topics published to or consumed so far. */
  topics(): string[];
  /** Services that published or subscribed (a bus connection worth cutting). */
  services(): string[];
  pause(groupId: string): () => void;
  slow(groupId: string, delayMs: number): () => void;
  duplicate(topic: string, percentage: number, random?: () => number): () => void;
  cut(service: string): () => void;
  /** How `cut(service)` cuts: at the wire (Kafka, through its proxy) or in the client. */
  cutMode(service: string): 'wire' | 'client';
}

export function createBusFaults(): BusFaults {
  const consumers = new Set<Consumer>();
  const knownTopics = new Set<string>();
  const services = new Set<string>();
  const delays = new Map<string, number>();
  const duplicates = new Map<string, { percentage: number; random: () => number }>();
  const cutServices = new Set<string>();
  const paused = new Map<Consumer, number>();
  const wires = new Map<string, WireCut>();

  const holdPause = (consumer: Consumer) => {
    const holds = paused.get(consumer) ?? 0;
    if (holds === 0) consumer.subscription.pause();
    paused.set(consumer, holds + 1);
  };
  const releasePause = (consumer: Consumer) => {
    const holds = (paused.get(consumer) ?? 0) - 1;
    if (holds > 0) {
      paused.set(consumer, holds);
      return;
    }
    paused.delete(consumer);
    if (consumers.has(consumer)) consumer.subscription.resume();
  };
  const consumersWhere = (match: (c: Consumer) => boolean) => [...consumers].filter(match);
  /** Holds a pause on every matching consumer, now and for those subscribing later. */
  const pauseWhile = (match: (c: Consumer) => boolean, active: Set<(c: Consumer) => boolean>) => {
    for (const consumer of consumersWhere(match)) holdPause(consumer);
    active.add(match);
    return () => {
      active.delete(match);
      for (const consumer of consumersWhere(match)) releasePause(consumer);
    };
  };
  const pauses = new Set<(c: Consumer) => boolean>();

  return {
    wrap: (service, inner, wire) => {
      if (wire) wires.set(service, wire);
      const offsets = inner.consumerOffsets?.bind(inner);
      return {
        ...(offsets ? { consumerOffsets: () => offsets() } : {}),
        get kind() {
          return inner.kind;
        },
        ensureTopics: (topics) => inner.ensureTopics(topics),
        publish: async (topic: string, records: readonly BusRecord[]) => {
          knownTopics.add(topic);
          services.add(service);
          if (cutServices.has(service)) {
            throw new BusUnavailableError(`${service}: the event-bus connection is cut (fault)`);
          }
          const dup = duplicates.get(topic);
          const extra = dup ? records.filter(() => dup.random() * 100 < dup.percentage) : [];
          await inner.publish(topic, [...records, ...extra]);
        },
        subscribe: async (options: SubscribeOptions) => {
          for (const topic of options.topics) knownTopics.add(topic);
          services.add(service);
          const subscription = await inner.subscribe({
            ...options,
            handle: async (message) => {
              const delay = delays.get(options.groupId);
              if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
              return options.handle(message);
            },
          });
          const consumer: Consumer = {
            service,
            groupId: options.groupId,
            topics: options.topics,
            subscription,
          };
          consumers.add(consumer);
          for (const match of pauses) if (match(consumer)) holdPause(consumer);
          return {
            get groupId() {
              return subscription.groupId;
            },
            get paused() {
              return subscription.paused;
            },
            pause: () => subscription.pause(),
            resume: () => {
              // A fault's pause outlasts the service's own resume.
              if (!paused.has(consumer)) subscription.resume();
            },
            close: async () => {
              consumers.delete(consumer);
              paused.delete(consumer);
              await subscription.close();
            },
          };
        },
        close: () => inner.close(),
      };
    },
    groups: () => [...new Set([...consumers].map((c) => c.groupId))].sort(),
    consumers: () =>
      [...consumers].map((c) => ({
        service: c.service,
        groupId: c.groupId,
        topics: [...c.topics],
      })),
    topics: () => [...knownTopics].sort(),
    services: () => [...services].sort(),
    pause: (groupId) => pauseWhile((c) => c.groupId === groupId, pauses),
    slow: (groupId, delayMs) => {
      delays.set(groupId, delayMs);
      return () => {
        if (delays.get(groupId) === delayMs) delays.delete(groupId);
      };
    },
    duplicate: (topic, percentage, random = Math.random) => {
      const entry = { percentage, random };
      duplicates.set(topic, entry);
      return () => {
        if (duplicates.get(topic) === entry) duplicates.delete(topic);
      };
    },
    cutMode: (service) => (wires.has(service) ? 'wire' : 'client'),
    cut: (service) => {
      const wire = wires.get(service);
      if (wire) return wire.cut();
      cutServices.add(service);
      const release = pauseWhile((c) => c.service === service, pauses);
      return () => {
        cutServices.delete(service);
        release();
      };
    },
  };
}

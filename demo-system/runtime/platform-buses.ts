import { busView } from '../platform/bus/bus-view';
import { createEmbeddedBus } from '../platform/bus/embedded-bus';
import type { EventBus } from '../platform/bus/event-bus';
import type { KafkaProxy } from '../platform/bus/kafka-proxy';
import { TOPIC_SPECS } from '../platform/events/catalog';
import { namespacedBus } from './namespaced-bus';

/**
 * The buses of an in-process platform. Embedded (no brokers): one in-memory log shared by
 * every service, since they all live in this process. Kafka: one kafkajs client per service
 * (clientId = the service's name), as if each ran in its own process. Either way the topics
 * exist (`ensureTopics(TOPIC_SPECS)`) before the first service starts.
 *
 * In Kafka mode each service's client connects through TCP proxies of its own
 * (platform/bus/kafka-proxy.ts), started here and closed after its bus: `wireCut(service)`
 * cuts that service off the broker at the wire (the `bus-cut` fault), the others keep theirs.
 */
/** Cuts one service's broker connections; the function returned restores them. */
export interface WireCut {
  cut(): () => void;
}

export interface PlatformBuses {
  readonly kind: EventBus['kind'];
  /** The bus `service` is started with (opened on first use in Kafka mode). */
  forService(service: string): Promise<EventBus>;
  /** Kafka mode: the wire cut of a service whose bus was opened; embedded: undefined. */
  wireCut(service: string): WireCut | undefined;
  /** Closes every bus opened (after the services closed). Safe to call twice. */
  close(): Promise<void>;
}

export interface PlatformBusOptions {
  /** KAFKA_BROKERS; absent: the embedded bus. */
  kafkaBrokers?: readonly string[];
  /** KAFKA_NAMESPACE: prefixes topics and consumer groups (namespaced-bus.ts). */
  kafkaNamespace?: string;
  log: (line: string) => void;
}

export async function openPlatformBuses(options: PlatformBusOptions): Promise<PlatformBuses> {
  const { log } = options;
  const brokers =
    options.kafkaBrokers && options.kafkaBrokers.length > 0 ? [...options.kafkaBrokers] : undefined;
  if (!brokers) {
    // A log of this platform's own (not the process-wide one): two platforms in one process
    // (tests) must not share consumer groups. Each service gets a view of it, so a service
    // that stops closes its own subscriptions only.
    const shared = createEmbeddedBus({ log });
    const views: EventBus[] = [];
    await shared.ensureTopics(TOPIC_SPECS);
    log('demo-system: event bus embedded (an in-memory log in this process)');
    let closing: Promise<void> | undefined;
    return {
      kind: shared.kind,
      forService: async () => {
        if (closing) throw new Error('demo-system: the event bus is closed');
        const view = busView(shared);
        views.push(view);
        return view;
      },
      wireCut: () => undefined,
      close: () => {
        closing ??= (async () => {
          await Promise.all(views.splice(0).map((view) => view.close().catch(reportCloseError)));
          await shared.close().catch(reportCloseError);
        })();
        return closing;
      },
    };
  }

  // Loaded only in Kafka mode: the embedded platform never loads kafkajs.
  const { openEventBus } = await import('../platform/bus/open-event-bus');
  const { startKafkaProxy } = await import('../platform/bus/kafka-proxy');
  const namespace = options.kafkaNamespace;
  const open = (clientId: string, viaProxy?: KafkaProxy) => {
    const bus = openEventBus({ brokers, clientId, log, ...(viaProxy ? { viaProxy } : {}) });
    return namespace ? namespacedBus(bus, namespace) : bus;
  };
  // Topics first, with a short-lived admin client, so no service races to create them.
  const admin = open('demo-system');
  try {
    await admin.ensureTopics(TOPIC_SPECS);
  } finally {
    await admin.close().catch(() => undefined);
  }
  log(
    `demo-system: event bus Kafka at ${brokers.join(',')}${namespace ? ` (topics and groups under ${namespace}.)` : ''}`,
  );
  const opened: Array<{ bus: EventBus; proxy: KafkaProxy }> = [];
  const proxies = new Map<string, KafkaProxy>();
  let closing: Promise<void> | undefined;
  return {
    kind: 'kafka',
    forService: async (service) => {
      if (closing) throw new Error('demo-system: the event buses are closed');
      const proxy = await startKafkaProxy({ brokers });
      const bus = open(service, proxy);
      opened.push({ bus, proxy });
      proxies.set(service, proxy);
      return bus;
    },
    wireCut: (service) => {
      const proxy = proxies.get(service);
      if (!proxy) return undefined;
      return {
        cut: () => {
          // A partition, not a dead broker: live connections are dropped and new ones hang
          // unanswered (the client sees timeouts, as across a lost network link).
          proxy.cut('blackhole');
          return () => proxy.restore();
        },
      };
    },
    close: () => {
      closing ??= Promise.all(
        opened.splice(0).map(async ({ bus, proxy }) => {
          proxy.restore();
          await bus.close().catch(reportCloseError);
          await proxy.close().catch(reportCloseError);
        }),
      ).then(() => undefined);
      return closing;
    },
  };
}

function reportCloseError(error: unknown): void {
  console.error('demo-system: closing an event bus failed:', error);
}

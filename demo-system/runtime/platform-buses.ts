import { busView } from '../platform/bus/bus-view';
import { createEmbeddedBus } from '../platform/bus/embedded-bus';
import type { EventBus } from '../platform/bus/event-bus';
import { TOPIC_SPECS } from '../platform/events/catalog';
import { namespacedBus } from './namespaced-bus';

/**
 * The buses of an in-process platform. Embedded (no brokers): one in-memory log shared by
 * every service, since they all live in this process. Kafka: one kafkajs client per service
 * (clientId = the service's name), as if each ran in its own process. Either way the topics
 * exist (`ensureTopics(TOPIC_SPECS)`) before the first service starts.
 */
export interface PlatformBuses {
  readonly kind: EventBus['kind'];
  /** The bus `service` is started with (opened on first use in Kafka mode). */
  forService(service: string): Promise<EventBus>;
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
  const namespace = options.kafkaNamespace;
  const open = (clientId: string) => {
    const bus = openEventBus({ brokers, clientId, log });
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
  const opened: EventBus[] = [];
  let closing: Promise<void> | undefined;
  return {
    kind: 'kafka',
    forService: async (service) => {
      if (closing) throw new Error('demo-system: the event buses are closed');
      const bus = open(service);
      opened.push(bus);
      return bus;
    },
    close: () => {
      closing ??= Promise.all(
        opened.splice(0).map((bus) => bus.close().catch(reportCloseError)),
      ).then(() => undefined);
      return closing;
    },
  };
}

function reportCloseError(error: unknown): void {
  console.error('demo-system: closing an event bus failed:', error);
}

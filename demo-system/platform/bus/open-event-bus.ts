import { busView } from './bus-view';
import { createEmbeddedBus } from './embedded-bus';
import type { EventBus } from './event-bus';
import { createKafkaBus, type KafkaBusOptions } from './kafka-bus';
import type { KafkaProxy } from './kafka-proxy';

/**
 * Opens the bus a service uses: Kafka when `brokers` is non-empty (one kafkajs client per call,
 * `clientId` = the service name), otherwise the embedded log. Without `embedded`, every caller
 * in this process shares one embedded bus (the in-process platform's services talk through it);
 * pass `embedded` to use another (tests). In embedded mode the result is a view of that bus:
 * its `close()` closes this caller's subscriptions only, never the shared log.
 *
 * Fault injection (Kafka mode): `viaProxy` (from `startKafkaProxy({ brokers })`, kafka-proxy.ts)
 * routes every broker connection of this client through TCP proxies, so `viaProxy.cut()` severs
 * this one service from the broker while the others keep theirs; `restore()` heals it. The
 * embedded bus has no connection to cut (pause the service's subscriptions instead).
 */
export interface OpenEventBusOptions {
  brokers?: readonly string[];
  clientId: string;
  log?: (line: string) => void;
  embedded?: EventBus;
  /** Kafka mode only: connect through these proxies (fault injection). */
  viaProxy?: KafkaProxy;
  /** Kafka mode only: see KafkaBusOptions.route (`viaProxy` sets it). */
  route?: KafkaBusOptions['route'];
}

let shared: EventBus | null = null;

/** The process-wide embedded bus (created on first use). */
export function sharedEmbeddedBus(log?: (line: string) => void): EventBus {
  shared ??= createEmbeddedBus(log ? { log } : {});
  return shared;
}

export function openEventBus(options: OpenEventBusOptions): EventBus {
  const brokers = (options.brokers ?? []).filter((b) => b.trim() !== '');
  if (brokers.length === 0) return busView(options.embedded ?? sharedEmbeddedBus(options.log));
  const route = options.viaProxy?.route ?? options.route;
  return createKafkaBus({
    brokers,
    clientId: options.clientId,
    ...(options.log ? { log: options.log } : {}),
    ...(route ? { route } : {}),
  });
}

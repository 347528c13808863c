import type {
  BusMessage,
  EventBus,
  SubscribeOptions,
  Subscription,
} from '../platform/bus/event-bus';

/**
 * KAFKA_NAMESPACE: several platforms on one Kafka cluster (parallel test runs, two demos)
 * must not share topics or consumer groups, or each would consume the other's events. The
 * namespace prefixes every topic and group id on the way in (`<ns>.accounts.events`,
 * `<ns>.accounts.loan-disbursement`) and is taken off the topic of each message handed to a
 * handler, so services only ever see the catalog's names.
 */
export function namespacedBus(inner: EventBus, namespace: string): EventBus {
  const prefix = `${namespace}.`;
  const outer = (name: string) => `${prefix}${name}`;
  const local = (name: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
  return {
    kind: inner.kind,
    ensureTopics: (topics) =>
      inner.ensureTopics(topics.map((topic) => ({ ...topic, name: outer(topic.name) }))),
    publish: (topic, records) => inner.publish(outer(topic), records),
    subscribe: async (options: SubscribeOptions): Promise<Subscription> => {
      const subscription = await inner.subscribe({
        ...options,
        groupId: outer(options.groupId),
        topics: options.topics.map(outer),
        handle: (message: BusMessage) =>
          options.handle({ ...message, topic: local(message.topic) }),
      });
      return {
        groupId: options.groupId,
        pause: () => subscription.pause(),
        resume: () => subscription.resume(),
        get paused() {
          return subscription.paused;
        },
        close: () => subscription.close(),
      };
    },
    close: () => inner.close(),
  };
}

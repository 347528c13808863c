import {
  type BusRecord,
  BusUnavailableError,
  type EventBus,
  type SubscribeOptions,
  type Subscription,
  type TopicSpec,
} from './event-bus';

/**
 * One client's view of a shared bus: publishes and subscribes through `inner`, and `close()`
 * closes only this view's subscriptions (the in-process platform shares one embedded bus; a
 * service that stops or crashes must not close it for the others). `consumerOffsets()` (when
 * the inner bus has it) reports only the groups this view has an open subscription of.
 */
export function busView(inner: EventBus): EventBus {
  const subscriptions = new Set<Subscription>();
  const groupOf = new Map<Subscription, string>();
  let closed = false;
  const check = () => {
    if (closed) throw new BusUnavailableError('this bus client is closed');
  };
  const readOffsets = inner.consumerOffsets?.bind(inner);
  const view: EventBus = {
    kind: inner.kind,
    async ensureTopics(topics: readonly TopicSpec[]) {
      check();
      await inner.ensureTopics(topics);
    },
    async publish(topic: string, records: readonly BusRecord[]) {
      check();
      await inner.publish(topic, records);
    },
    async subscribe(options: SubscribeOptions) {
      check();
      const subscription = await inner.subscribe(options);
      if (closed) {
        await subscription.close();
        throw new BusUnavailableError('this bus client is closed');
      }
      subscriptions.add(subscription);
      groupOf.set(subscription, options.groupId);
      return {
        groupId: subscription.groupId,
        get paused() {
          return subscription.paused;
        },
        pause: () => subscription.pause(),
        resume: () => subscription.resume(),
        close: async () => {
          subscriptions.delete(subscription);
          groupOf.delete(subscription);
          await subscription.close();
        },
      };
    },
    async close() {
      closed = true;
      const open = [...subscriptions];
      subscriptions.clear();
      groupOf.clear();
      await Promise.all(open.map((s) => s.close()));
    },
  };
  if (readOffsets) {
    view.consumerOffsets = () => {
      const own = new Set(groupOf.values());
      return own.size === 0 ? [] : readOffsets().filter((row) => own.has(row.groupId));
    };
  }
  return view;
}

import { z } from 'zod';
import type { FaultKind } from './types';

/**
 * Event-bus faults (bus-faults.ts): a paused or slow consumer group, duplicate delivery on a
 * topic, and a service's bus connection cut. Targets are the groups, topics and services the
 * running platform's buses have seen.
 */

const none = z.object({}).strict();

export const consumerPauseFault: FaultKind<typeof none> = {
  kind: 'consumer-pause',
  title: 'Paused consumer',
  description:
    'A consumer group stops fetching (its records wait on the bus, its lag grows); the revert resumes it from its committed offset.',
  targetType: 'group',
  params: none,
  targets: (platform) => platform.bus?.groups() ?? [],
  apply: async ({ target, platform }) => {
    if (!platform.bus) throw new Error('no event bus');
    return platform.bus.pause(target);
  },
};

const slowParams = z
  .object({ delayMs: z.number().int().min(1).max(30_000).default(1_000) })
  .strict();

export const consumerSlowFault: FaultKind<typeof slowParams> = {
  kind: 'consumer-slow',
  title: 'Slow consumer',
  description: 'Every delivery to a consumer group waits delayMs before its handler runs.',
  targetType: 'group',
  params: slowParams,
  targets: (platform) => platform.bus?.groups() ?? [],
  apply: async ({ target, params, platform }) => {
    if (!platform.bus) throw new Error('no event bus');
    return platform.bus.slow(target, params.delayMs);
  },
};

const duplicateParams = z.object({ percentage: z.number().min(0).max(100).default(50) }).strict();

export const duplicateDeliveryFault: FaultKind<typeof duplicateParams> = {
  kind: 'duplicate-delivery',
  title: 'Duplicate delivery',
  description:
    'percentage% of the records published on a topic are published twice, like a producer retry after a lost ack: every consumer group gets them twice and its inbox must skip the copy.',
  targetType: 'topic',
  params: duplicateParams,
  exclusive: true,
  targets: (platform) => platform.bus?.topics() ?? [],
  apply: async ({ target, params, platform }) => {
    if (!platform.bus) throw new Error('no event bus');
    return platform.bus.duplicate(target, params.percentage);
  },
};

export const busCutFault: FaultKind<typeof none> = {
  kind: 'bus-cut',
  title: 'Event-bus connection cut',
  description:
    "A service loses its event-bus connection: its publishes fail (its outbox holds the events and retries) and its consumers stop fetching, until the revert. Kafka mode: cut at the wire, in the TCP proxy between that service's client and the broker (a partition: live connections go silent, new ones are never answered; the revert drops them so the client reconnects). Embedded mode (no wire): cut in the service's bus client.",
  targetType: 'service',
  params: none,
  exclusive: true,
  targets: (platform) => platform.bus?.services() ?? [],
  apply: async ({ target, platform }) => {
    if (!platform.bus) throw new Error('no event bus');
    return platform.bus.cut(target);
  },
};

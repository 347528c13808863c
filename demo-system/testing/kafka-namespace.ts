import { Kafka, logLevel } from 'kafkajs';
import { TOPIC_SPECS } from '../platform/events/catalog';

/**
 * Test support: a run's own KAFKA_NAMESPACE (runtime/namespaced-bus.ts), and the removal of
 * its topics afterwards so test runs do not pile topics up on the shared broker.
 */
export function uniqueKafkaNamespace(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function dropKafkaNamespace(brokers: string, namespace: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'patternscope-test-cleanup',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = TOPIC_SPECS.map((t) => `${namespace}.${t.name}`).filter((t) => existing.has(t));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}

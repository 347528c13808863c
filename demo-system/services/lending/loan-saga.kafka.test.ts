import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../../platform/bus/event-bus';
import { openEventBus } from '../../platform/bus/open-event-bus';
import { TOPIC_SPECS } from '../../platform/events/catalog';
import type { RunningService } from '../../platform/service';
import { namespacedBus } from '../../runtime/namespaced-bus';
import { eventually, jsonRequest } from '../../testing/http';
import { startNotificationsService } from '../notifications/server';
import { balanceReaches, type LendingWorld, startLendingWorld } from './lending-test-kit';

/**
 * The loan-disbursement saga on a real Kafka broker: lending, accounts and notifications each
 * with their own kafkajs client, under a namespace of their own (topics and groups prefixed),
 * so parallel runs on the broker never share them. Skipped, and says so, without KAFKA_BROKERS.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
if (brokers.length === 0) {
  console.log('loan-saga.kafka.test.ts: skipped (set KAFKA_BROKERS, e.g. 127.0.0.1:9092)');
}

describe.skipIf(brokers.length === 0)('the loan saga over Kafka (KAFKA_BROKERS)', () => {
  const namespace = `t${randomUUID().slice(0, 8)}`;
  const buses: EventBus[] = [];
  const openBus = (service: string) => {
    const bus = namespacedBus(
      openEventBus({ brokers, clientId: `${service}-${namespace}`, log: () => {} }),
      namespace,
    );
    buses.push(bus);
    return bus;
  };
  let w: LendingWorld;
  let notifications: RunningService;

  beforeAll(async () => {
    const admin = openBus('admin');
    await admin.ensureTopics(TOPIC_SPECS);
    w = await startLendingWorld({ stub: false, openBus });
    notifications = await startNotificationsService({
      host: '127.0.0.1',
      port: 0,
      otlpEndpoint: 'http://127.0.0.1:1',
      database: w.data.database,
      bus: openBus('notifications'),
      log: () => {},
    });
  }, 120_000);
  afterAll(async () => {
    await notifications?.close();
    await w?.close();
    for (const bus of buses) await bus.close().catch(() => {});
    // The run's namespaced topics go with it.
    const admin = new Kafka({ clientId: 'cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin
      .deleteTopics({ topics: TOPIC_SPECS.map((topic) => `${namespace}.${topic.name}`) })
      .catch(() => {});
    await admin.disconnect();
  });

  it('approves, pays once through accounts, and notifies the customer', {
    timeout: 120_000,
  }, async () => {
    const account = await w.openAccount('c-kafka');
    await w.passKyc('c-kafka');
    const res = await w.apply({
      customerId: 'c-kafka',
      accountId: account,
      amountCents: 300_000,
      termMonths: 12,
    });
    expect(res.body.status).toBe('approved');
    const id = String(res.body.id);
    await w.settled(id, 'disbursed', 90_000);
    await balanceReaches(w, account, 300_000);
    const notices = await eventually(
      async () => {
        const list = await jsonRequest<{ notifications: Array<Record<string, unknown>> }>(
          'GET',
          `${notifications.url}/customers/c-kafka/notifications`,
        );
        return list.body.notifications.length > 0 ? list.body.notifications : undefined;
      },
      60_000,
      'the disbursement notice',
    );
    expect(notices).toEqual([expect.objectContaining({ template: 'loan_disbursed' })]);
    expect((await jsonRequest('GET', `${w.lending.url}/audit`)).body).toEqual({
      nonTerminal: [],
      disbursedCents: 300_000,
    });
  });
});

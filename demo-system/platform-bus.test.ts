import { afterAll, describe, expect, it } from 'vitest';
import type { BusMessage, EventBus, Subscription } from './platform/bus/event-bus';
import { TOPICS } from './platform/events/catalog';
import { createServiceApp, listen } from './platform/http-server';
import type { CatalogEntry, ServiceContext } from './runtime/catalog-types';
import { type Platform, startPlatform } from './start-platform';
import { openTestPglite, type TestDatabase, tempDataDir } from './testing/database';
import { eventually } from './testing/http';
import { dropKafkaNamespace, uniqueKafkaNamespace } from './testing/kafka-namespace';

/**
 * The wiring of the event bus: every service gets `bus` in its context, the topics exist
 * before the first service starts, a record one service publishes reaches another's
 * consumer group, and the platform closes the buses after the services. Over two stand-in
 * services (a publisher behind the mesh, a consumer as the public entry), embedded and Kafka.
 */

interface Recorded {
  contexts: Map<string, ServiceContext>;
  received: BusMessage[];
  subscription?: Subscription;
  topicsAtStart?: boolean;
  events: string[];
}

function standIns(recorded: Recorded, topic: string): CatalogEntry[] {
  const serve = async (name: string, c: ServiceContext, onClose: () => Promise<void>) => {
    const app = createServiceApp({ serviceName: name });
    const bound = await listen(app, c.host, c.port);
    return {
      name,
      ...bound,
      close: async () => {
        await onClose();
        recorded.events.push(`${name} closed`);
        await app.close();
      },
    };
  };
  return [
    {
      name: 'ledger',
      role: 'mesh',
      usesBus: true,
      schema: null,
      upstreams: [],
      start: async (c) => {
        recorded.contexts.set('ledger', c);
        await c.bus.publish(topic, [
          { key: 'acc-1', value: '{"n":1}', headers: { 'event-type': 'x' } },
        ]);
        return serve('ledger', c, async () => undefined);
      },
    },
    {
      name: 'front',
      role: 'entry',
      usesBus: true,
      schema: null,
      upstreams: [{ name: 'ledger' }],
      start: async (c) => {
        recorded.contexts.set('front', c);
        recorded.subscription = await c.bus.subscribe({
          groupId: 'front.watch',
          topics: [topic],
          handle: async (message) => {
            recorded.received.push(message);
          },
        });
        const subscription = recorded.subscription;
        return serve('front', c, () => subscription.close());
      },
    },
  ];
}

function busClosedCheck(bus: EventBus) {
  return bus.publish(TOPICS.accounts, [{ key: 'k', value: 'v', headers: {} }]).then(
    () => 'open',
    () => 'closed',
  );
}

const kafka = process.env.KAFKA_BROKERS;
if (!kafka) console.log('platform bus wiring on Kafka: skipped (set KAFKA_BROKERS)');

for (const mode of ['embedded', 'kafka'] as const) {
  describe.skipIf(mode === 'kafka' && !kafka)(`platform bus wiring (${mode})`, () => {
    let data: TestDatabase | undefined;
    let dataDir: Awaited<ReturnType<typeof tempDataDir>> | undefined;
    let platform: Platform | undefined;
    const namespace = uniqueKafkaNamespace('wiring');
    afterAll(async () => {
      await platform?.close();
      await data?.cleanup();
      await dataDir?.remove();
      if (mode === 'kafka') await dropKafkaNamespace(kafka ?? '', namespace);
    });

    it('hands every service the bus, with the topics made, and closes it after them', async () => {
      data = await openTestPglite();
      dataDir = await tempDataDir();
      const recorded: Recorded = { contexts: new Map(), received: [], events: [] };
      platform = await startPlatform(
        {
          host: '127.0.0.1',
          gatewayPort: 0,
          controlPort: 0,
          otlpEndpoint: 'http://127.0.0.1:9',
          trafficRate: 0,
          trafficSeed: 1,
          dataDir: dataDir.dir,
          ...(mode === 'kafka'
            ? { kafkaBrokers: (kafka ?? '').split(','), kafkaNamespace: namespace }
            : {}),
        },
        {
          log: () => undefined,
          database: data.database,
          catalog: standIns(recorded, TOPICS.accounts),
        },
      );
      expect(platform.busKind).toBe(mode);
      const ledger = recorded.contexts.get('ledger');
      const front = recorded.contexts.get('front');
      expect(ledger?.bus.kind).toBe(mode);
      expect(front?.bus.kind).toBe(mode);
      // The record ledger published while starting (the topic existed) reached front's group.
      const message = await eventually(() => recorded.received[0], 30_000, 'the record at front');
      expect(message).toMatchObject({ topic: TOPICS.accounts, key: 'acc-1', value: '{"n":1}' });
      expect(front?.upstreamTargets.ledger).toEqual({
        url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
        mesh: true,
      });

      await platform.close();
      // Services closed (front's subscription with it) before the buses.
      expect(recorded.events).toEqual(['front closed', 'ledger closed']);
      expect(await busClosedCheck(ledger!.bus)).toBe('closed');
    }, 120_000);
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { type Platform, startPlatform } from './start-platform';
import { expectRecovered, heal, startHungSagas } from './testing/crash-scenario';
import { openTestPostgres, type TestDatabase, tempDataDir } from './testing/database';
import { dropKafkaNamespace, uniqueKafkaNamespace } from './testing/kafka-namespace';
import { type RemoteService, remoteService } from './testing/remote-service';

/**
 * The "done when", distributed: Kafka and PostgreSQL, with payments in its own process
 * (`npm run service -- payments`) and the rest of the bank in this one (one Kafka client per
 * service, topics and groups under a namespace of this run). Transfers hang mid-saga
 * (testing/crash-scenario.ts); payments is SIGKILLed while the rest keeps running, the faults
 * are healed, payments is started again, and every saga completes or compensates with GET
 * /invariant ok.
 */
const brokers = process.env.KAFKA_BROKERS;
const databaseUrl = process.env.DATABASE_URL;
const skip = !brokers || !databaseUrl;
if (skip) {
  console.log(
    'crash recovery on Kafka and PostgreSQL: skipped (set KAFKA_BROKERS and DATABASE_URL)',
  );
}

describe.skipIf(skip)('crash recovery: SIGKILL payments mid-saga (Kafka, PostgreSQL)', () => {
  let data: TestDatabase & { schemaPrefix: string; url: string };
  let dataDir: Awaited<ReturnType<typeof tempDataDir>>;
  let payments: RemoteService;
  let platform: Platform | undefined;
  const namespace = uniqueKafkaNamespace('crash');

  beforeAll(async () => {
    data = await openTestPostgres();
    dataDir = await tempDataDir();
    const entry = CATALOG.find((e) => e.name === 'payments');
    if (!entry) throw new Error('payments is not in the catalog');
    payments = remoteService(entry, {
      DATABASE_URL: data.url,
      DATABASE_SCHEMA_PREFIX: data.schemaPrefix,
      KAFKA_BROKERS: brokers ?? '',
      KAFKA_NAMESPACE: namespace,
    });
    platform = await startPlatform(
      {
        host: '127.0.0.1',
        gatewayPort: 0,
        controlPort: 0,
        otlpEndpoint: 'http://127.0.0.1:9',
        trafficRate: 0,
        trafficSeed: 1,
        dataDir: dataDir.dir,
        kafkaBrokers: (brokers ?? '').split(','),
        kafkaNamespace: namespace,
      },
      {
        log: () => undefined,
        database: data.database,
        catalog: CATALOG.map((e) => (e.name === 'payments' ? payments.entry : e)),
      },
    );
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    await data?.cleanup();
    await dataDir?.remove();
    await dropKafkaNamespace(brokers ?? '', namespace);
  }, 60_000);

  it('completes or compensates every saga payments had in flight when it died', async () => {
    if (!platform) throw new Error('the platform did not start');
    const partnerBankUrl = platform.services.find((s) => s.name === 'partner-bank')?.url;
    if (!partnerBankUrl) throw new Error('partner-bank is not running');
    const urls = { gatewayUrl: platform.gatewayUrl, controlUrl: platform.controlUrl };
    const hung = await startHungSagas({ ...urls, partnerBankUrl });

    await payments.crash();
    await hung.pending;
    // The rest of the bank kept running; the faults stop, payments comes back.
    await heal({ controlUrl: urls.controlUrl, partnerBankUrl });
    await payments.restart();
    const recovered = await expectRecovered(urls, hung);
    console.log(
      `crash recovery (Kafka): at the crash ${JSON.stringify(hung.atCrash)}; after ${JSON.stringify(recovered.figures)}`,
    );
    expect(recovered.figures.nonTerminalSagas).toBe(0);
    expect(payments.output()).toContain('service-ready');
  }, 300_000);
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoConfig } from './platform/config';
import { DatabaseOpenError, openDatabase } from './platform/db';
import { type Platform, type StartOptions, startPlatform } from './start-platform';
import { openTestPostgres, tempDataDir, uniqueSchemaPrefix } from './testing/database';
import { jsonRequest } from './testing/http';

/**
 * Data survives a restart of the platform: balances, ledger references and transfers are
 * found again. Talks to accounts and payments directly (the gateway is tested elsewhere).
 */
const config = (dataDir: string): DemoConfig => ({
  host: '127.0.0.1',
  gatewayPort: 0,
  controlPort: 0,
  // Nothing listens on port 9: telemetry export fails quietly.
  otlpEndpoint: 'http://127.0.0.1:9',
  trafficRate: 0,
  trafficSeed: 1,
  dataDir,
});

/** Runs the scenario; `start` starts the platform on the same data every time. */
async function restartScenario(
  start: () => Promise<Platform>,
  whileRunning: () => Promise<void> = async () => undefined,
) {
  let platform = await start();
  const urlOf = (name: string) => {
    const service = platform.services.find((s) => s.name === name);
    if (!service) throw new Error(`${name} is not running`);
    return service.url;
  };
  try {
    const open = async (owner: string) =>
      (await jsonRequest<{ id: string }>('POST', `${urlOf('accounts')}/accounts`, { owner })).body
        .id;
    const alice = await open('Alice');
    const bob = await open('Bob');
    const deposit = { amountCents: 10_000, reference: `restart:${alice}` };
    const depositUrl = () => `${urlOf('accounts')}/accounts/${alice}/deposits`;
    const deposited = await jsonRequest('POST', depositUrl(), deposit);
    expect(deposited.status).toBe(201);
    const transfer = await jsonRequest('POST', `${urlOf('payments')}/transfers`, {
      fromAccountId: alice,
      toAccountId: bob,
      amountCents: 2_500,
    });
    expect(transfer.status).toBe(201);
    await whileRunning();

    await platform.close();
    platform = await start();

    const balance = async (id: string) =>
      (await jsonRequest('GET', `${urlOf('accounts')}/accounts/${id}`)).body.balanceCents;
    expect(await balance(alice)).toBe(7_500);
    expect(await balance(bob)).toBe(2_500);
    const stored = await jsonRequest('GET', `${urlOf('payments')}/transfers/${transfer.body.id}`);
    expect(stored.body).toEqual(transfer.body);
    const replay = await jsonRequest('POST', depositUrl(), deposit);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(deposited.body);
    expect(await balance(alice)).toBe(7_500);
  } finally {
    await platform.close();
  }
}

const quiet: StartOptions = { log: () => undefined };

describe('data survives a restart of the platform (PGlite in DEMO_DATA_DIR)', () => {
  let folder: Awaited<ReturnType<typeof tempDataDir>>;
  beforeAll(async () => {
    folder = await tempDataDir();
  });
  afterAll(async () => {
    await folder?.remove();
  });

  // Starts from an empty folder whose parents do not exist yet: pays initdb once (seconds).
  it('finds balances, references and transfers again', { timeout: 120_000 }, async () => {
    const dataDir = join(folder.dir, 'not', 'yet', '.data');
    await restartScenario(
      async () => {
        const platform = await startPlatform(config(dataDir), quiet);
        expect(platform.database).toMatchObject({
          kind: 'pglite',
          location: join(dataDir, 'pglite'),
        });
        return platform;
      },
      // Only one instance may open the folder while the platform runs.
      () => expect(openDatabase({ dataDir })).rejects.toThrow(DatabaseOpenError),
    );
  });
});

describe.skipIf(!process.env.DATABASE_URL)('data survives a restart on PostgreSQL', () => {
  const prefix = uniqueSchemaPrefix();
  const opened: Array<Awaited<ReturnType<typeof openTestPostgres>>> = [];
  // No PGlite here, but the dev PKI and the gateway's secret still live in the data folder.
  let folder: Awaited<ReturnType<typeof tempDataDir>>;
  beforeAll(async () => {
    folder = await tempDataDir();
  });
  afterAll(async () => {
    for (const db of opened.splice(0)) await db.cleanup();
    await folder?.remove();
  });

  it('finds balances, references and transfers again', async () => {
    await restartScenario(async () => {
      // A fresh Database (fresh pools) per start, on the same schemas.
      const db = await openTestPostgres(prefix);
      opened.push(db);
      const platform = await startPlatform(config(folder.dir), {
        ...quiet,
        database: db.database,
      });
      expect(platform.database.kind).toBe('postgres');
      return platform;
    });
  });
});

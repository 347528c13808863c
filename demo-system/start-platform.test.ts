import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from './main';
import { PortInUseError } from './start-platform';
import { openTestPglite, type TestDatabase } from './testing/database';
import { jsonRequest } from './testing/http';

interface Account {
  id: string;
  owner: string;
  currency: string;
  balanceCents: number;
}

/** A port nothing listens on: the collector is "down" for this whole suite. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// One PGlite for the whole file, shared by every platform started below.
let data: TestDatabase & { dataDir: string };
beforeAll(async () => {
  data = await openTestPglite();
});
afterAll(async () => {
  await data?.cleanup();
});

describe('demo platform through the gateway (collector down, traffic off)', () => {
  let platform: Platform;
  let gw: string;
  let auth: Record<string, string>;
  /** A call to the gateway as the demo customer of this suite. */
  const call = <T = Record<string, unknown>>(method: string, url: string, body?: unknown) =>
    jsonRequest<T>(method, url, body, auth);

  beforeAll(async () => {
    platform = await startPlatform(
      {
        host: '127.0.0.1',
        gatewayPort: 0,
        controlPort: 0,
        otlpEndpoint: `http://127.0.0.1:${await closedPort()}`,
        trafficRate: 0,
        trafficSeed: 1,
        dataDir: data.dataDir,
      },
      { log: () => undefined, database: data.database },
    );
    gw = platform.gatewayUrl;
    const demo = await jsonRequest<{ token: string }>('POST', `${gw}/v1/auth/demo-token`, {
      customerId: 'c-suite',
    });
    expect(demo.status).toBe(201);
    auth = { authorization: `Bearer ${demo.body.token}` };
  });
  afterAll(async () => {
    await platform?.close();
  });

  const openAccount = async (owner: string) => {
    const res = await call<Account>('POST', `${gw}/v1/accounts`, { owner });
    expect(res.status).toBe(201);
    return res.body;
  };
  const balanceOf = async (id: string) =>
    (await call<Account>('GET', `${gw}/v1/accounts/${id}`)).body.balanceCents;

  it('opens accounts, deposits and transfers money', async () => {
    const alice = await openAccount('Alice');
    const bob = await openAccount('Bob');
    expect(alice).toMatchObject({ owner: 'Alice', currency: 'EUR', balanceCents: 0 });

    const deposit = await call('POST', `${gw}/v1/accounts/${alice.id}/deposits`, {
      amountCents: 10_000,
    });
    expect(deposit.status).toBe(201);
    expect(deposit.body.balanceCents).toBe(10_000);

    const transfer = await call('POST', `${gw}/v1/transfers`, {
      fromAccountId: alice.id,
      toAccountId: bob.id,
      amountCents: 2_500,
    });
    expect(transfer.status).toBe(201);
    expect(transfer.body).toMatchObject({ status: 'completed', amountCents: 2_500 });
    expect(await balanceOf(alice.id)).toBe(7_500);
    expect(await balanceOf(bob.id)).toBe(2_500);

    const read = await call('GET', `${gw}/v1/transfers/${transfer.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: transfer.body.id, status: 'completed' });
  });

  it('rejects a transfer beyond the balance with 409 and moves no money', async () => {
    const carol = await openAccount('Carol');
    const dave = await openAccount('Dave');
    await call('POST', `${gw}/v1/accounts/${carol.id}/deposits`, { amountCents: 1_000 });

    const transfer = await call('POST', `${gw}/v1/transfers`, {
      fromAccountId: carol.id,
      toAccountId: dave.id,
      amountCents: 1_001,
    });
    expect(transfer.status).toBe(409);
    expect(transfer.body).toMatchObject({ status: 'rejected', reason: 'insufficient_funds' });
    expect(await balanceOf(carol.id)).toBe(1_000);
    expect(await balanceOf(dave.id)).toBe(0);
    const stored = await call('GET', `${gw}/v1/transfers/${transfer.body.id}`);
    expect(stored.body.status).toBe('rejected');
  });

  it('refunds the source when the credit is refused (unknown target account)', async () => {
    const erin = await openAccount('Erin');
    await call('POST', `${gw}/v1/accounts/${erin.id}/deposits`, { amountCents: 5_000 });

    const transfer = await call('POST', `${gw}/v1/transfers`, {
      fromAccountId: erin.id,
      toAccountId: 'acc_missing',
      amountCents: 4_000,
    });
    expect(transfer.status).toBe(422);
    expect(transfer.body).toMatchObject({ status: 'rejected', reason: 'account_not_found' });
    expect(await balanceOf(erin.id)).toBe(5_000);
  });

  it('applies a debit once per reference and replays the first answer', async () => {
    const accounts = platform.services.find((s) => s.name === 'accounts')!;
    const frank = await openAccount('Frank');
    await call('POST', `${gw}/v1/accounts/${frank.id}/deposits`, { amountCents: 900 });
    const debit = { amountCents: 600, reference: 'test:debit:1' };
    const first = await jsonRequest('POST', `${accounts.url}/accounts/${frank.id}/debits`, debit);
    const again = await jsonRequest('POST', `${accounts.url}/accounts/${frank.id}/debits`, debit);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await balanceOf(frank.id)).toBe(300);

    const reused = await jsonRequest('POST', `${accounts.url}/accounts/${frank.id}/credits`, debit);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toBe('reference_conflict');
    expect(await balanceOf(frank.id)).toBe(300);
  });

  it('answers 400 with a clear message on bad input, 404 on unknown ids', async () => {
    const noOwner = await call('POST', `${gw}/v1/accounts`, {});
    expect(noOwner.status).toBe(400);
    expect(noOwner.body).toMatchObject({ error: 'invalid_request' });
    expect(String(noOwner.body.message)).toContain('owner');

    const account = await openAccount('Grace');
    const negative = await call('POST', `${gw}/v1/accounts/${account.id}/deposits`, {
      amountCents: -5,
    });
    expect(negative.status).toBe(400);
    expect(String(negative.body.message)).toContain('amountCents');

    const fractional = await call('POST', `${gw}/v1/transfers`, {
      fromAccountId: account.id,
      toAccountId: 'acc_other',
      amountCents: 1.5,
    });
    expect(fractional.status).toBe(400);

    const self = await call('POST', `${gw}/v1/transfers`, {
      fromAccountId: account.id,
      toAccountId: account.id,
      amountCents: 100,
    });
    expect(self.status).toBe(400);
    expect(String(self.body.message)).toContain('toAccountId');

    const badJson = await call('POST', `${gw}/v1/accounts`, '{"owner":');
    expect(badJson.status).toBe(400);

    expect((await call('GET', `${gw}/v1/accounts/acc_nope`)).status).toBe(404);
    expect((await call('GET', `${gw}/v1/transfers/trf_nope`)).status).toBe(404);
    expect(await balanceOf(account.id)).toBe(0);
  });

  it('serves health, topology and live traffic control', async () => {
    const health = await jsonRequest('GET', `${platform.controlUrl}/health`);
    expect(health.body).toEqual({
      status: 'ok',
      services: [
        'partner-bank',
        'accounts',
        'kyc',
        'notifications',
        'lending',
        'wealth',
        'payments',
        'gateway',
      ],
    });

    const topology = await jsonRequest<{ services: Array<{ name: string; url: string }> }>(
      'GET',
      `${platform.controlUrl}/topology`,
    );
    expect(topology.body.services.map((s) => s.name).sort()).toEqual([
      'accounts',
      'gateway',
      'kyc',
      'lending',
      'notifications',
      'partner-bank',
      'payments',
      'wealth',
    ]);
    expect(topology.body.services.find((s) => s.name === 'gateway')?.url).toBe(gw);

    const invalid = await jsonRequest('PUT', `${platform.controlUrl}/traffic`, {
      ratePerSecond: 'fast',
    });
    expect(invalid.status).toBe(400);
    const traffic = await jsonRequest('GET', `${platform.controlUrl}/traffic`);
    expect(traffic.body.ratePerSecond).toBe(0);
    // The generator only uses accounts it opened itself, so it cannot disturb the tests above.
    const set = await jsonRequest('PUT', `${platform.controlUrl}/traffic`, { ratePerSecond: 2.5 });
    expect(set.status).toBe(200);
    expect(set.body.ratePerSecond).toBe(2.5);
    const read = await jsonRequest('GET', `${platform.controlUrl}/traffic`);
    expect(read.body.ratePerSecond).toBe(2.5);
    await jsonRequest('PUT', `${platform.controlUrl}/traffic`, { ratePerSecond: 0 });
  });
});

describe('startPlatform on a taken port', () => {
  it('fails with a message naming the variable to change', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const start = startPlatform(
        {
          host: '127.0.0.1',
          gatewayPort: port,
          controlPort: 0,
          otlpEndpoint: `http://127.0.0.1:${await closedPort()}`,
          trafficRate: 0,
          trafficSeed: 1,
          dataDir: data.dataDir,
        },
        { log: () => undefined, database: data.database },
      );
      await expect(start).rejects.toThrow(PortInUseError);
      await expect(start).rejects.toThrow(`127.0.0.1:${port} is already in use`);
      await expect(start).rejects.toThrow('GATEWAY_PORT');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

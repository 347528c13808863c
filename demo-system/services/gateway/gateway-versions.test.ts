import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest } from '../../testing/http';
import type { GatewayService } from './server';
import { bearer, type GatewayHarness, gatewayHarness, startStubBank } from './test-stack';

/** The same bank through /v1 (cents, bare resources) and /v2 (money objects, envelopes). */
describe('gateway API versions', () => {
  let bank: Awaited<ReturnType<typeof startStubBank>>;
  let harness: GatewayHarness;
  let gateway: GatewayService;
  let auth: Record<string, string>;
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    jsonRequest<T>(method, `${gateway.url}${path}`, body, auth);

  beforeAll(async () => {
    bank = await startStubBank();
    harness = await gatewayHarness();
    gateway = await harness.start({
      accountsUrl: bank.accounts.url,
      paymentsUrl: bank.payments.url,
    });
    auth = bearer((await gateway.issueToken({ customerId: 'c-versions' })).token);
  });
  afterAll(async () => {
    await harness?.close();
    await bank?.close();
  });

  it('renders accounts with money objects and links in /v2, cents in /v1', async () => {
    const opened = await call<{ data: { id: string }; links: Record<string, string> }>(
      'POST',
      '/v2/accounts',
      { owner: 'Ada' },
    );
    expect(opened.status).toBe(201);
    const id = opened.body.data.id;
    expect(opened.body).toEqual({
      data: { id, owner: 'Ada', currency: 'EUR', balance: { amount: '0.00', currency: 'EUR' } },
      links: { self: `/v2/accounts/${id}`, deposits: `/v2/accounts/${id}/deposits` },
    });

    const deposit = await call('POST', `/v2/accounts/${id}/deposits`, { amount: '25.5' });
    expect(deposit.status).toBe(201);
    expect(bank.accounts.requests.at(-1)?.body).toEqual({ amountCents: 2_550 });
    expect(deposit.body).toMatchObject({ data: { balance: { amount: '25.50', currency: 'EUR' } } });

    const v1 = await call('GET', `/v1/accounts/${id}`);
    expect(v1.body).toEqual({ id, owner: 'Ada', currency: 'EUR', balanceCents: 2_550 });
    expect(v1.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(v1.headers.get('sunset')).toMatch(/GMT$/);
    expect(v1.headers.get('link')).toBe(`</v2/accounts/${id}>; rel="successor-version"`);
    const v2 = await call('GET', `/v2/accounts/${id}`);
    expect(v2.headers.get('deprecation')).toBeNull();
    expect(v2.body).toMatchObject({ data: { balance: { amount: '25.50' } } });
  });

  it('takes and renders transfers with from/to and money objects in /v2', async () => {
    const from = (await call<{ id: string }>('POST', '/v1/accounts', { owner: 'A' })).body.id;
    const to = (await call<{ id: string }>('POST', '/v1/accounts', { owner: 'B' })).body.id;
    await call('POST', `/v1/accounts/${from}/deposits`, { amountCents: 5_000 });

    const transfer = await call<{ data: { id: string } }>('POST', '/v2/transfers', {
      from,
      to,
      amount: '12.34',
    });
    expect(transfer.status).toBe(201);
    expect(bank.payments.requests.at(-1)?.body).toEqual({
      fromAccountId: from,
      toAccountId: to,
      amountCents: 1_234,
    });
    const tid = transfer.body.data.id;
    expect(transfer.body).toMatchObject({
      data: { from, to, amount: { amount: '12.34', currency: 'EUR' }, status: 'completed' },
      links: { self: `/v2/transfers/${tid}` },
    });
    expect(transfer.body.data).not.toHaveProperty('amountCents');

    const v1 = await call('GET', `/v1/transfers/${tid}`);
    expect(v1.body).toMatchObject({ fromAccountId: from, toAccountId: to, amountCents: 1_234 });

    // A refused transfer is still a transfer: /v2 renders it in its envelope with its status.
    const bounced = await call('POST', '/v2/transfers', { from, to, amount: '9999.00' });
    expect(bounced.status).toBe(409);
    expect(bounced.body).toMatchObject({
      data: { status: 'rejected', reason: 'insufficient_funds', amount: { amount: '9999.00' } },
    });
  });

  it('refuses malformed /v2 amounts before calling upstream; errors read the same', async () => {
    const before = bank.payments.requests.length;
    for (const amount of ['12.345', '-1.00', '0', 12]) {
      const res = await call('POST', '/v2/transfers', { from: 'a', to: 'b', amount });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_request' });
      expect(String(res.body.message)).toContain('amount');
    }
    expect(bank.payments.requests.length).toBe(before);

    const v1 = await call('GET', '/v1/accounts/acc_nope');
    const v2 = await call('GET', '/v2/accounts/acc_nope');
    expect(v2.status).toBe(404);
    expect(v2.body).toEqual(v1.body);
  });
});

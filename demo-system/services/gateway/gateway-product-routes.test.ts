import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest } from '../../testing/http';
import type { GatewayService } from './server';
import {
  bearer,
  type GatewayHarness,
  gatewayHarness,
  type StubServer,
  startStub,
} from './test-stack';

/**
 * The product routes (KYC, loans, funds, orders, notifications) reach their service with the
 * caller in x-customer-id; /v2 takes decimal amounts and answers envelopes; a backend that is
 * not configured answers 503.
 */
describe('gateway product routes', () => {
  let harness: GatewayHarness;
  let gateway: GatewayService;
  let bare: GatewayService;
  let lending: StubServer;
  let kyc: StubServer;
  let wealth: StubServer;
  let notifications: StubServer;
  let token: string;

  beforeAll(async () => {
    const echo = (status: number) => (req: { path: string; body: unknown }) => ({
      status,
      body: { id: 'x-1', path: req.path, received: req.body ?? null, amountCents: 2_500 },
    });
    lending = await startStub(echo(201));
    kyc = await startStub(echo(201));
    wealth = await startStub(echo(200));
    notifications = await startStub(echo(200));
    harness = await gatewayHarness();
    gateway = await harness.start({
      lendingUrl: lending.url,
      kycUrl: kyc.url,
      wealthUrl: wealth.url,
      notificationsUrl: notifications.url,
    });
    bare = await harness.start({});
    token = (await gateway.issueToken({ customerId: 'c-1' })).token;
  });
  afterAll(async () => {
    await harness?.close();
    await Promise.all([lending, kyc, wealth, notifications].map((s) => s?.close()));
  });

  const call = (g: GatewayService, method: string, path: string, body?: unknown) =>
    jsonRequest(method, `${g.url}${path}`, body, bearer(token));

  it('routes each product path to its service with the caller attached', async () => {
    const cases: Array<[string, string, StubServer, string]> = [
      ['POST', '/v1/customers/c-1/kyc', kyc, '/customers/c-1/kyc'],
      ['GET', '/v1/customers/c-1/kyc', kyc, '/customers/c-1/kyc'],
      ['POST', '/v1/loans', lending, '/loans'],
      ['GET', '/v1/loans/l-1', lending, '/loans/l-1'],
      ['GET', '/v1/customers/c-1/loans', lending, '/customers/c-1/loans'],
      ['GET', '/v1/funds', wealth, '/funds'],
      ['POST', '/v1/orders', wealth, '/orders'],
      ['GET', '/v1/orders/o-1', wealth, '/orders/o-1'],
      ['GET', '/v1/customers/c-1/portfolio', wealth, '/customers/c-1/portfolio'],
      ['GET', '/v1/customers/c-1/notifications', notifications, '/customers/c-1/notifications'],
    ];
    for (const [method, path, stub, upstreamPath] of cases) {
      const res = await call(gateway, method, path, method === 'POST' ? { a: 1 } : undefined);
      expect(res.status, path).toBeLessThan(300);
      const seen = stub.requests.at(-1)!;
      expect(seen.path).toBe(upstreamPath);
      expect(seen.headers['x-customer-id']).toBe('c-1');
    }
  });

  it('translates /v2 amounts into cents and wraps answers', async () => {
    const res = await call(gateway, 'POST', '/v2/loans', {
      customerId: 'c-1',
      accountId: 'acc_1',
      amount: '250.00',
      termMonths: 12,
    });
    expect(lending.requests.at(-1)!.body).toEqual({
      customerId: 'c-1',
      accountId: 'acc_1',
      amountCents: 25_000,
      termMonths: 12,
    });
    expect(res.body).toMatchObject({
      data: { amount: { amount: '25.00', currency: 'EUR' } },
      links: { self: '/v2/loans/x-1' },
    });
    const bad = await call(gateway, 'POST', '/v2/orders', { accountId: 'a', amount: '1.234' });
    expect(bad.status).toBe(400);
  });

  it('answers 503 for a product whose backend is not configured, 401 without a token', async () => {
    const res = await call(bare, 'GET', '/v1/funds');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: 'upstream_not_configured', upstream: 'wealth' });
    expect((await jsonRequest('GET', `${gateway.url}/v1/funds`)).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest } from '../../testing/http';
import type { GatewayService } from './server';
import {
  bearer,
  closedUrl,
  type GatewayHarness,
  gatewayHarness,
  type StubServer,
  startStub,
} from './test-stack';

/**
 * The customer overview composes accounts, lending and wealth. Real HTTP backends on port 0
 * answer, fail (500) or hang; the overview must stay 200 and say what is missing.
 */
const ACCOUNTS = [{ id: 'acc_1', owner: 'Ada', currency: 'EUR', balanceCents: 12_345 }];
const LOANS = { loans: [{ id: 'loan_1', principalCents: 500_000, currency: 'EUR' }] };
const PORTFOLIO = { currency: 'EUR', totalValueCents: 99, holdings: [{ fund: 'F1', units: 2 }] };

describe('GET /v1|v2/customers/:id/overview', () => {
  const servers: StubServer[] = [];
  let harness: GatewayHarness;
  let healthy: GatewayService;
  let degraded: GatewayService;
  let lonely: GatewayService;
  let token: string;

  const stub = async (...args: Parameters<typeof startStub>) => {
    const server = await startStub(...args);
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    const accounts = await stub((req) =>
      req.path === '/customers/c-1/accounts'
        ? { status: 200, body: ACCOUNTS }
        : { status: 404, body: { error: 'not_found' } },
    );
    const lending = await stub(() => ({ status: 200, body: LOANS }));
    const wealth = await stub(() => ({ status: 200, body: PORTFOLIO }));
    const slowLending = await stub(() => 'hang');
    const failingWealth = await stub(() => ({ status: 500, body: { error: 'internal_error' } }));

    harness = await gatewayHarness();
    const base = { accountsUrl: accounts.url, config: { overviewTimeoutMs: 300 } };
    healthy = await harness.start({ ...base, lendingUrl: lending.url, wealthUrl: wealth.url });
    degraded = await harness.start({
      ...base,
      lendingUrl: slowLending.url,
      wealthUrl: failingWealth.url,
    });
    lonely = await harness.start({ accountsUrl: await closedUrl() });
    token = (await healthy.issueToken({ customerId: 'c-1' })).token;
  });
  afterAll(async () => {
    await harness?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  const overview = (gateway: GatewayService, path: string, as = token) =>
    jsonRequest('GET', `${gateway.url}${path}`, undefined, as ? bearer(as) : {});

  it('composes all three backends (v1: cents, flat)', async () => {
    const res = await overview(healthy, '/v1/customers/c-1/overview');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      customerId: 'c-1',
      accounts: ACCOUNTS,
      lending: LOANS,
      wealth: PORTFOLIO,
      partial: false,
      missing: [],
    });
    const [first] = servers;
    const seen = first!.requests.at(-1)!;
    expect(seen.headers['x-customer-id']).toBe('c-1');
    expect(seen.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  });

  it('renders /v2 with money objects in a data envelope', async () => {
    const res = await overview(healthy, '/v2/customers/c-1/overview');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        customerId: 'c-1',
        accounts: [
          {
            id: 'acc_1',
            owner: 'Ada',
            currency: 'EUR',
            balance: { amount: '123.45', currency: 'EUR' },
          },
        ],
        lending: {
          loans: [
            { id: 'loan_1', principal: { amount: '5000.00', currency: 'EUR' }, currency: 'EUR' },
          ],
        },
        wealth: {
          currency: 'EUR',
          totalValue: { amount: '0.99', currency: 'EUR' },
          holdings: [{ fund: 'F1', units: 2 }],
        },
      },
      partial: false,
      missing: [],
      links: { self: '/v2/customers/c-1/overview' },
    });
  });

  it('answers 200 partial when a backend is slow or failing', async () => {
    for (const path of ['/v1/customers/c-1/overview', '/v2/customers/c-1/overview']) {
      const res = await overview(degraded, path);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        partial: true,
        missing: [
          { service: 'lending', reason: 'timeout' },
          { service: 'wealth', reason: 'bad_status', status: 500 },
        ],
      });
    }
    const v1 = await overview(degraded, '/v1/customers/c-1/overview');
    expect(v1.body).toMatchObject({ accounts: ACCOUNTS, lending: null, wealth: null });
  });

  it('lists backends that are not configured, and answers 502 when nothing is left', async () => {
    const res = await overview(lonely, '/v1/customers/c-1/overview');
    expect(res.status).toBe(502);
    expect(res.body).toEqual({
      error: 'upstream_unavailable',
      partial: true,
      missing: [
        { service: 'accounts', reason: 'unreachable' },
        { service: 'lending', reason: 'not_configured' },
        { service: 'wealth', reason: 'not_configured' },
      ],
    });
  });

  it("needs a token, and only shows a customer's own overview unless admin", async () => {
    expect((await overview(healthy, '/v1/customers/c-1/overview', '')).status).toBe(401);
    const other = (await healthy.issueToken({ customerId: 'c-2' })).token;
    const denied = await overview(healthy, '/v1/customers/c-1/overview', other);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'forbidden' });
    const admin = (await healthy.issueToken({ customerId: 'ops', scope: 'admin overview' })).token;
    expect((await overview(healthy, '/v1/customers/c-1/overview', admin)).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../platform/auth/tokens';
import { jsonRequest } from '../../testing/http';
import type { GatewayService } from './server';
import {
  bearer,
  type GatewayHarness,
  gatewayHarness,
  startStubBank,
  TEST_JWT_SECRET,
} from './test-stack';

const key = new TextEncoder().encode(TEST_JWT_SECRET);

describe('gateway authentication', () => {
  let bank: Awaited<ReturnType<typeof startStubBank>>;
  let harness: GatewayHarness;
  let gateway: GatewayService;

  beforeAll(async () => {
    bank = await startStubBank();
    harness = await gatewayHarness();
    gateway = await harness.start({
      accountsUrl: bank.accounts.url,
      paymentsUrl: bank.payments.url,
    });
  });
  afterAll(async () => {
    await harness?.close();
    await bank?.close();
  });

  const openAccount = (headers: Record<string, string>) =>
    jsonRequest('POST', `${gateway.url}/v1/accounts`, { owner: 'Ada' }, headers);

  it('answers 401 without a token, with a Bearer challenge and a JSON body', async () => {
    const res = await openAccount({});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="patternscope-bank"');
    expect(res.body).toMatchObject({ error: 'unauthenticated' });
    const basic = await openAccount({ authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
  });

  it('answers 401 invalid_token for garbage, a foreign signature or an expired token', async () => {
    const garbage = await openAccount(bearer('not-a-token'));
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(garbage.body).toMatchObject({ error: 'invalid_token' });

    const foreignKey = new TextEncoder().encode('someone-elses-secret-0123456789abcdef');
    const foreign = await issueToken(foreignKey, { customerId: 'c-1' });
    expect((await openAccount(bearer(foreign.token))).status).toBe(401);

    const expired = await issueToken(
      key,
      { customerId: 'c-1', ttlSeconds: 60 },
      new Date(Date.now() - 3_600_000),
    );
    const res = await openAccount(bearer(expired.token));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(
      'error="invalid_token", error_description="the token expired"',
    );
    expect(res.body).toEqual({ error: 'invalid_token', message: 'the token expired' });
    expect((await openAccount({ authorization: 'Bearer' })).status).toBe(401);
  });

  it('answers 403 insufficient_scope when the token lacks the route scope', async () => {
    const readOnly = await issueToken(key, { customerId: 'c-1', scope: 'accounts' });
    const res = await jsonRequest(
      'POST',
      `${gateway.url}/v1/transfers`,
      { fromAccountId: 'a', toAccountId: 'b', amountCents: 1 },
      bearer(readOnly.token),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await openAccount(bearer(readOnly.token))).status).toBe(201);
  });

  it('mints demo users and tokens that the protected routes accept', async () => {
    const named = await jsonRequest<{ token: string; customerId: string; name: string }>(
      'POST',
      `${gateway.url}/v1/auth/demo-token`,
      { customerId: 'c-123', name: 'Ada Lovelace' },
    );
    expect(named.status).toBe(201);
    expect(named.headers.get('cache-control')).toBe('no-store');
    expect(named.body).toMatchObject({
      customerId: 'c-123',
      name: 'Ada Lovelace',
      tokenType: 'Bearer',
      scope: 'accounts transfers overview',
      expiresIn: 3_600,
      demoOnly: true,
    });
    expect((await openAccount(bearer(named.body.token))).status).toBe(201);
    // The upstream learns who the caller is from the gateway, not from the client.
    expect(bank.accounts.requests.at(-1)?.headers['x-customer-id']).toBe('c-123');

    const anonymous = await fetch(`${gateway.url}/v1/auth/demo-token`, { method: 'POST' });
    const body = (await anonymous.json()) as { customerId: string };
    expect(anonymous.status).toBe(201);
    expect(body.customerId).toMatch(/^c-[0-9a-f]{8}$/);

    const bad = await jsonRequest('POST', `${gateway.url}/v1/auth/demo-token`, {
      customerId: 'no spaces',
    });
    expect(bad.status).toBe(400);
    const unknownField = await jsonRequest('POST', `${gateway.url}/v1/auth/demo-token`, {
      scope: 'admin',
    });
    expect(unknownField.status).toBe(400);
  });

  it('does not serve demo tokens when they are off', async () => {
    const closed = await harness.start({
      accountsUrl: bank.accounts.url,
      config: { demoTokens: false },
    });
    const res = await jsonRequest('POST', `${closed.url}/v1/auth/demo-token`, {});
    expect(res.status).toBe(404);
    const issued = await closed.issueToken({ customerId: 'c-7' });
    expect(
      (await jsonRequest('GET', `${closed.url}/v1/accounts/x`, undefined, bearer(issued.token)))
        .status,
    ).toBe(404);
  });
});

describe('gateway rate limiting', () => {
  let bank: Awaited<ReturnType<typeof startStubBank>>;
  let harness: GatewayHarness;
  let gateway: GatewayService;

  beforeAll(async () => {
    bank = await startStubBank();
    harness = await gatewayHarness();
    // A long window, so the limit cannot reset between the requests of a test.
    gateway = await harness.start({
      accountsUrl: bank.accounts.url,
      paymentsUrl: bank.payments.url,
      config: { rateLimit: { points: 3, windowSeconds: 60, burst: 0, burstWindowSeconds: 10 } },
    });
  });
  afterAll(async () => {
    await harness?.close();
    await bank?.close();
  });

  it('lets each customer make its quota, then answers 429 with Retry-After', async () => {
    const { token } = await gateway.issueToken({ customerId: 'c-busy' });
    const read = () =>
      jsonRequest('GET', `${gateway.url}/v1/accounts/acc_nope`, undefined, bearer(token));
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await read();
      expect(res.status).toBe(404);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(res.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await read();
    expect(limited.status).toBe(429);
    const retryAfter = limited.headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(limited.body).toMatchObject({
      error: 'rate_limited',
      retryAfterSeconds: Number(retryAfter),
    });

    const other = await gateway.issueToken({ customerId: 'c-calm' });
    const calm = await jsonRequest(
      'GET',
      `${gateway.url}/v1/accounts/acc_nope`,
      undefined,
      bearer(other.token),
    );
    expect(calm.status).toBe(404);
  });

  it('limits unauthenticated clients by IP, before telling them to authenticate', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await jsonRequest('GET', `${gateway.url}/v2/accounts/acc_nope`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

import { describe, expect, it } from 'vitest';
import { createBankClient, newTraceparent } from './bank-client';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
}

/** A fake control plane + gateway: the topology names the gateway, which answers by route. */
function fakeBank(limitAfter = Number.POSITIVE_INFINITY) {
  const seen: Seen[] = [];
  let overviews = 0;
  let accounts = 0;
  const impl = (async (url: string, init?: RequestInit) => {
    const call: Seen = {
      method: init?.method ?? 'GET',
      url,
      headers: (init?.headers ?? {}) as Record<string, string>,
      ...(typeof init?.body === 'string' ? { body: JSON.parse(init.body) } : {}),
    };
    seen.push(call);
    const path = url.replace(/^http:\/\/[^/]+/, '');
    const reply = (status: number, body: unknown) => Response.json(body, { status });
    if (url === 'http://control/topology')
      return reply(200, { services: [{ name: 'gateway', role: 'entry', url: 'http://gw/' }] });
    if (path === '/v1/auth/demo-token')
      return reply(200, { token: `tok-${call.body?.customerId}` });
    if (path === '/v1/accounts') return reply(201, { id: `acc-${++accounts}` });
    if (path.endsWith('/deposits')) return reply(201, {});
    if (path === '/v1/transfers') return reply(201, { id: 'trf_1' });
    if (path.endsWith('/overview')) {
      overviews++;
      return overviews > limitAfter ? reply(429, { error: 'rate_limited' }) : reply(403, {});
    }
    if (path.startsWith('/v1/accounts/'))
      return call.headers.authorization ? reply(200, {}) : reply(401, { error: 'unauthenticated' });
    return reply(404, { error: 'not found' });
  }) as typeof fetch;
  return { impl, seen };
}

describe('bank client', () => {
  it('makes a W3C traceparent with a fresh 32-hex trace id', () => {
    const { traceId, header } = newTraceparent();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(header).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(newTraceparent().traceId).not.toBe(traceId);
  });

  it('finds the gateway in the topology, opens a session once and sends a traced transfer', async () => {
    const { impl, seen } = fakeBank();
    const client = createBankClient({ controlUrl: 'http://control', fetchImpl: impl });
    const first = await client.send('transfer');
    expect(first).toMatchObject({
      request: 'transfer',
      status: 201,
      summary: 'transfer of 5.00: 201',
    });
    const transfer = seen.find((c) => c.url === 'http://gw/v1/transfers');
    expect(transfer?.headers.traceparent).toContain(first.traceId);
    expect(transfer?.headers.authorization).toMatch(/^Bearer tok-c-walk-/);
    expect(transfer?.body).toEqual({
      fromAccountId: 'acc-1',
      toAccountId: 'acc-2',
      amountCents: 500,
    });
    await client.send('transfer');
    expect(seen.filter((c) => c.url === 'http://control/topology')).toHaveLength(1);
    expect(seen.filter((c) => c.url === 'http://gw/v1/accounts')).toHaveLength(2);
  });

  it('reads without a token for the 401', async () => {
    const { impl } = fakeBank();
    const client = createBankClient({ controlUrl: 'http://control', fetchImpl: impl });
    expect(await client.send('no-token')).toMatchObject({
      status: 401,
      summary: 'read without a token: 401 (unauthenticated)',
    });
  });

  it('bursts as a customer of its own, in waves until the limiter answers 429', async () => {
    const { impl, seen } = fakeBank(250);
    const client = createBankClient({ controlUrl: 'http://control', fetchImpl: impl });
    const outcome = await client.send('burst');
    expect(outcome.status).toBe(429);
    expect(outcome.statuses).toEqual({ '403': 250, '429': 150 });
    expect(outcome.summary).toBe('400 requests at once: 150 throttled (429)');
    const burstAuth = seen
      .filter((c) => c.url.endsWith('/overview'))
      .map((c) => c.headers.authorization);
    expect(new Set(burstAuth).size).toBe(1);
    expect(burstAuth[0]).toMatch(/^Bearer tok-c-walk-burst-/);
  });

  it('refuses an unknown request', async () => {
    const { impl } = fakeBank();
    const client = createBankClient({ controlUrl: 'http://control', fetchImpl: impl });
    await expect(client.send('nope')).rejects.toThrow('unknown request nope');
  });
});

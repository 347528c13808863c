import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from './main';
import { openTestPglite, type TestDatabase } from './testing/database';
import { jsonRequest } from './testing/http';

/**
 * The running platform's gateway: authentication is required (401) and each customer is held
 * to its rate limit (429 with Retry-After), while another customer is still served. The limit
 * is set low (20/s, no burst) so the flood is throttled however slowly this machine serves
 * it: 400 requests would have to take 20 s to slip through.
 */
const LIMIT_ENV = { GATEWAY_RATE_LIMIT_PER_SECOND: '20', GATEWAY_RATE_LIMIT_BURST: '0' };

describe('gateway limits on the running platform', () => {
  let data: TestDatabase & { dataDir: string };
  let platform: Platform;
  let gw: string;
  const saved = Object.fromEntries(Object.keys(LIMIT_ENV).map((k) => [k, process.env[k]]));

  const tokenFor = async (customerId: string) => {
    const res = await jsonRequest<{ token: string }>('POST', `${gw}/v1/auth/demo-token`, {
      customerId,
    });
    expect(res.status).toBe(201);
    return { authorization: `Bearer ${res.body.token}` };
  };

  beforeAll(async () => {
    Object.assign(process.env, LIMIT_ENV);
    data = await openTestPglite();
    platform = await startPlatform(
      {
        host: '127.0.0.1',
        gatewayPort: 0,
        controlPort: 0,
        otlpEndpoint: 'http://127.0.0.1:9', // discard: telemetry is not under test here
        trafficRate: 0,
        trafficSeed: 1,
        dataDir: data.dataDir,
      },
      { log: () => undefined, database: data.database },
    );
    gw = platform.gatewayUrl;
  });

  afterAll(async () => {
    await platform?.close();
    await data?.cleanup();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('requires a token (401)', async () => {
    const anonymous = await jsonRequest('GET', `${gw}/v1/accounts/acc_nope`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('holds each customer to its rate limit (429 with Retry-After)', async () => {
    const headers = await tokenFor('c-flood');
    const answers = await Promise.all(
      Array.from({ length: 400 }, () =>
        fetch(`${gw}/v1/accounts/acc_nope`, { headers }).then(async (res) => {
          await res.arrayBuffer();
          return res;
        }),
      ),
    );
    const limited = answers.filter((res) => res.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another customer is not throttled by c-flood's traffic.
    const other = await fetch(`${gw}/v1/accounts/acc_nope`, { headers: await tokenFor('c-calm') });
    expect(other.status).toBe(404);
  });
});

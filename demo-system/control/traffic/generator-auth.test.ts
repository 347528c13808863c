import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayService } from '../../services/gateway/server';
import {
  type GatewayHarness,
  gatewayHarness,
  startStubBank,
} from '../../services/gateway/test-stack';
import { eventually } from '../../testing/http';
import { TrafficGenerator } from './generator';

/**
 * The generator through a real gateway with authentication and the default rate limit
 * (50/s per customer, burst 100). The bank behind it refuses (403) any account used by a
 * customer other than its owner, so a 403 would mean the generator mixed up its customers.
 */
describe('TrafficGenerator with an authenticating gateway', () => {
  let bank: Awaited<ReturnType<typeof startStubBank>>;
  let harness: GatewayHarness;

  beforeAll(async () => {
    bank = await startStubBank();
    harness = await gatewayHarness();
  });
  afterAll(async () => {
    await harness?.close();
    await bank?.close();
  });

  const defaultLimits = { points: 50, windowSeconds: 1, burst: 100, burstWindowSeconds: 10 };
  const gatewayWith = (config: { demoTokens: boolean }) =>
    harness.start({
      accountsUrl: bank.accounts.url,
      paymentsUrl: bank.payments.url,
      config: { ...config, rateLimit: defaultLimits },
    });

  async function drive(gateway: GatewayService, mint?: boolean) {
    const traffic = new TrafficGenerator({
      gatewayUrl: gateway.url,
      ratePerSecond: 120,
      seed: 7,
      ...(mint ? { mintToken: (customerId: string) => gateway.issueToken({ customerId }) } : {}),
    });
    traffic.start();
    try {
      return await eventually(
        () => {
          const s = traffic.state();
          const answered = Object.values(s.byStatus).reduce((a, b) => a + b, 0);
          return answered >= 200 ? s : undefined;
        },
        20_000,
        '200 answered requests',
      );
    } finally {
      await traffic.stop();
    }
  }

  it('gets demo tokens from the gateway and is neither refused nor throttled', async () => {
    const state = await drive(await gatewayWith({ demoTokens: true }));
    expect(state.failed).toBe(0);
    const statuses = Object.keys(state.byStatus);
    expect(statuses).toContain('201');
    expect(statuses).toContain('200');
    for (const refused of ['401', '403', '429']) expect(statuses).not.toContain(refused);
    const customers = new Set(bank.accounts.requests.map((r) => r.headers['x-customer-id']));
    expect(customers.size).toBeGreaterThanOrEqual(8);
  });

  it('mints its own tokens with the gateway secret when demo tokens are off', async () => {
    const state = await drive(await gatewayWith({ demoTokens: false }), true);
    expect(state.failed).toBe(0);
    expect(Object.keys(state.byStatus)).not.toContain('401');
    expect(state.byStatus['201']).toBeGreaterThan(0);
  });
});

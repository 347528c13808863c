import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBus } from '../../platform/bus/embedded-bus';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import { startAccountsService } from '../accounts/server';
import { type PartnerBankService, startPartnerBankService } from '../partner-bank/server';
import { unitsFor, valueOfUnits } from './holdings';
import { startWealthService, type WealthServiceOptions } from './server';

/**
 * Wealth with real accounts and partner-bank over HTTP (port 0, no sidecars): fresh prices,
 * purchases debited once, and the stale-price fallback while the market feed is down.
 */
const common = { host: '127.0.0.1', port: 0, otlpEndpoint: 'http://127.0.0.1:1' };

interface FundsAnswer {
  funds: Array<{ fundId: string; navCents: number }>;
  stale: boolean;
  ageMs: number;
}

describe('fund arithmetic', () => {
  it('rounds units and values down, exactly, beyond 2^53 intermediates', () => {
    expect(unitsFor(10_000, 3_000)).toBe(3_333_333);
    expect(valueOfUnits(3_333_333, 3_000)).toBe(9_999);
    expect(unitsFor(1_000_000_000, 101)).toBe(9_900_990_099_009);
  });
});

describe('wealth over HTTP', () => {
  let data: TestDatabase;
  let accounts: RunningService;
  const bus = createEmbeddedBus();
  let partner: PartnerBankService;
  let wealth: RunningService;
  let wealthOptions: WealthServiceOptions;

  const behave = (body: unknown) => jsonRequest('PUT', `${partner.url}/admin/behaviour`, body);
  const funds = () => jsonRequest<FundsAnswer>('GET', `${wealth.url}/funds`);
  const balance = async (id: string) =>
    Number((await jsonRequest('GET', `${accounts.url}/accounts/${id}`)).body.balanceCents);
  const openAccount = async (customer: string, depositCents: number) => {
    const res = await jsonRequest(
      'POST',
      `${accounts.url}/accounts`,
      { owner: customer },
      { 'x-customer-id': customer },
    );
    const id = String(res.body.id);
    await jsonRequest('POST', `${accounts.url}/accounts/${id}/deposits`, {
      amountCents: depositCents,
    });
    return id;
  };
  const order = (body: Record<string, unknown>) =>
    jsonRequest('POST', `${wealth.url}/orders`, body);

  beforeAll(async () => {
    data = await openTestPglite();
    accounts = await startAccountsService({ ...common, database: data.database, bus });
    partner = await startPartnerBankService({ ...common, database: data.database });
    wealthOptions = {
      ...common,
      database: data.database,
      accountsUrl: accounts.url,
      partnerBankUrl: partner.url,
      priceFreshMs: 0,
      feedTimeoutMs: 300,
      feedRetryAfterMs: 0,
      maxOrderPriceAgeMs: 60_000,
      sweepIntervalMs: 0,
    };
    wealth = await startWealthService(wealthOptions);
  });
  afterAll(async () => {
    await wealth?.close();
    await partner?.close();
    await accounts?.close();
    await bus.close();
    await data?.cleanup();
  });

  it('lists funds at fresh prices from the feed', async () => {
    const res = await funds();
    expect(res.status).toBe(200);
    expect(res.body.stale).toBe(false);
    expect(res.body.funds.map((f) => f.fundId)).toContain('fund-global-equity');
  });

  it('buys units: debits the account once and adds them to the portfolio', async () => {
    const account = await openAccount('c-ada', 100_000);
    const res = await order({
      customerId: 'c-ada',
      accountId: account,
      fundId: 'fund-euro-bonds',
      amountCents: 40_000,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', amountCents: 40_000 });
    expect(res.body.unitsMicro).toBe(unitsFor(40_000, Number(res.body.navCents)));
    // The debit's reference is spent: repeating it moves no money.
    const again = await jsonRequest('POST', `${accounts.url}/accounts/${account}/debits`, {
      amountCents: 40_000,
      reference: `order:${res.body.id}:debit`,
      currency: 'EUR',
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await balance(account)).toBe(60_000);
    const portfolio = await jsonRequest('GET', `${wealth.url}/customers/c-ada/portfolio`);
    expect(portfolio.body).toMatchObject({
      customerId: 'c-ada',
      holdings: [{ fundId: 'fund-euro-bonds', costCents: 40_000, unitsMicro: res.body.unitsMicro }],
    });
    // Money invariant: what left the account is exactly the cost of the holdings.
    expect(100_000 - (await balance(account))).toBe(40_000);
  });

  it('refuses an order beyond the balance, holding nothing', async () => {
    const account = await openAccount('c-bob', 1_000);
    const res = await order({
      customerId: 'c-bob',
      accountId: account,
      fundId: 'fund-euro-bonds',
      amountCents: 5_000,
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 'rejected', reason: 'insufficient_funds' });
    expect(await balance(account)).toBe(1_000);
    const portfolio = await jsonRequest('GET', `${wealth.url}/customers/c-bob/portfolio`);
    expect(portfolio.body).toMatchObject({ holdings: [], totalValueCents: 0 });
  });

  it('serves cached prices marked stale while the feed is down, also after a restart', async () => {
    const before = await funds();
    await behave({ outage: true });
    try {
      const stale = await eventually(
        async () => {
          const res = await funds();
          return res.body.stale ? res : undefined;
        },
        5_000,
        'stale prices',
      );
      expect(stale.status).toBe(200);
      expect(stale.body.funds).toEqual(before.body.funds);
      expect(stale.body.ageMs).toBeGreaterThanOrEqual(0);
      const portfolio = await jsonRequest('GET', `${wealth.url}/customers/c-ada/portfolio`);
      expect(portfolio.status).toBe(200);
      expect(portfolio.body.prices).toMatchObject({ stale: true });

      // A new wealth instance has only the stored prices: it serves those, stale.
      await wealth.close();
      wealth = await startWealthService(wealthOptions);
      const restarted = await funds();
      expect(restarted.status).toBe(200);
      expect(restarted.body).toMatchObject({ stale: true, funds: before.body.funds });

      // Slow counts as down too.
      await behave({ latencyMs: 1_000 });
      expect((await funds()).body.stale).toBe(true);
    } finally {
      await behave({});
    }
    const fresh = await eventually(
      async () => {
        const res = await funds();
        return res.body.stale ? undefined : res;
      },
      5_000,
      'fresh prices again',
    );
    expect(fresh.status).toBe(200);
  });

  it('refuses orders with prices older than allowed, debiting nothing', async () => {
    const strict = await startWealthService({ ...wealthOptions, maxOrderPriceAgeMs: 0 });
    const account = await openAccount('c-eve', 10_000);
    await behave({ outage: true });
    try {
      await eventually(
        async () =>
          (await jsonRequest<FundsAnswer>('GET', `${strict.url}/funds`)).body.stale
            ? true
            : undefined,
        5_000,
        'stale prices',
      );
      const res = await jsonRequest('POST', `${strict.url}/orders`, {
        customerId: 'c-eve',
        accountId: account,
        fundId: 'fund-euro-bonds',
        amountCents: 5_000,
      });
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('prices_stale');
      expect(await balance(account)).toBe(10_000);
    } finally {
      await behave({});
      await strict.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { jsonRequest } from '../../testing/http';
import { FUND_CATALOG } from './funds';
import { MarketWalk } from './market';
import { isValidIban, withCheckDigits } from './payee-rules';
import { type PartnerBankService, startPartnerBankService } from './server';

const OTLP_NOWHERE = 'http://127.0.0.1:1';

describe('payee rules', () => {
  it('checks IBAN check digits (ISO 13616 mod 97)', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE88370400440532013000')).toBe(false);
    expect(isValidIban('not an iban')).toBe(false);
    expect(isValidIban(withCheckDigits('NL', 'ABNA0417164300'))).toBe(true);
  });
});

describe('MarketWalk', () => {
  it('drifts reproducibly from the seed and never reaches zero', () => {
    const a = new MarketWalk({ funds: FUND_CATALOG, seed: 3 });
    const b = new MarketWalk({ funds: FUND_CATALOG, seed: 3 });
    const c = new MarketWalk({ funds: FUND_CATALOG, seed: 4 });
    const start = a.pricesAt(0).map((p) => p.navCents);
    expect(start).toEqual(FUND_CATALOG.map((f) => f.initialNavCents));
    const later = a.pricesAt(500);
    expect(later).toEqual(b.pricesAt(500));
    expect(later).not.toEqual(c.pricesAt(500));
    expect(later.map((p) => p.navCents)).not.toEqual(start);
    for (const price of later) expect(price.navCents).toBeGreaterThanOrEqual(100);
  });
});

describe('partner-bank over HTTP', () => {
  let data: TestDatabase;
  let bank: PartnerBankService;
  const iban = 'DE89370400440532013000';
  const send = (key: string | undefined, body: unknown) =>
    jsonRequest('POST', `${bank.url}/transfers`, body, key ? { 'idempotency-key': key } : {});
  const behave = (body: unknown) => jsonRequest('PUT', `${bank.url}/admin/behaviour`, body);

  beforeAll(async () => {
    data = await openTestPglite();
    bank = await startPartnerBankService({
      host: '127.0.0.1',
      port: 0,
      otlpEndpoint: OTLP_NOWHERE,
      database: data.database,
    });
  });
  afterAll(async () => {
    await bank?.close();
    await data?.cleanup();
  });

  it('pays a transfer once per Idempotency-Key and replays the answer', async () => {
    const body = { payee: { iban, name: 'Ada' }, amountCents: 1_250, currency: 'EUR' };
    const first = await send('k-1', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'accepted', amountCents: 1_250 });
    expect(first.body.payee).toEqual({ iban: 'DE89…3000', name: 'Ada' });
    const again = await send('k-1', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const conflict = await send('k-1', { ...body, amountCents: 9 });
    expect(conflict.status).toBe(409);
    expect((await send(undefined, body)).status).toBe(400);
  });

  it('refuses a payee with wrong check digits, for good', async () => {
    const body = { payee: { iban: 'DE88370400440532013000', name: 'Bob' }, amountCents: 100 };
    const refused = await send('k-2', body);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'invalid_iban', status: 'refused' });
    expect((await send('k-2', body)).status).toBe(422);
  });

  it('reverses an accepted order once, by id or by key, and reports it in the audit', async () => {
    const reverse = (id: string) =>
      jsonRequest('POST', `${bank.url}/transfers/${encodeURIComponent(id)}/reversal`);
    const audit = async () => (await jsonRequest('GET', `${bank.url}/audit`)).body;
    const before = await audit();
    const body = { payee: { iban, name: 'Ada' }, amountCents: 4_000, currency: 'EUR' };
    const order = await send('transfer:trf_r1:external', body);
    expect(order.status).toBe(201);
    const first = await reverse('transfer:trf_r1:external');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      transferId: order.body.id,
      status: 'reversed',
      reversed: true,
      amountCents: 4_000,
    });
    const again = await reverse(String(order.body.id));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // The order's key now answers that it was reversed, never a second payment.
    const replay = await send('transfer:trf_r1:external', body);
    expect(replay.status).toBe(422);
    expect(replay.body).toMatchObject({ error: 'order_reversed', status: 'reversed' });
    expect(await audit()).toEqual({
      acceptedCount: Number(before.acceptedCount) + 1,
      acceptedCents: Number(before.acceptedCents) + 4_000,
      reversedCount: Number(before.reversedCount) + 1,
      reversedCents: Number(before.reversedCents) + 4_000,
    });
  });

  it('refuses an order that arrives after its reversal (a late retry never pays)', async () => {
    const reversal = await jsonRequest(
      'POST',
      `${bank.url}/transfers/${encodeURIComponent('transfer:trf_r2:external')}/reversal`,
    );
    expect(reversal.body).toMatchObject({ status: 'nothing_to_reverse', reversed: false });
    const before = (await jsonRequest('GET', `${bank.url}/audit`)).body;
    const late = await send('transfer:trf_r2:external', {
      payee: { iban, name: 'Ada' },
      amountCents: 900,
    });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ error: 'order_reversed', status: 'refused' });
    expect((await jsonRequest('GET', `${bank.url}/audit`)).body).toEqual(before);
  });

  it('serves drifting fund prices', async () => {
    const prices = await jsonRequest<{ prices: Array<{ fundId: string; navCents: number }> }>(
      'GET',
      `${bank.url}/market-data/prices`,
    );
    expect(prices.status).toBe(200);
    expect(prices.body.prices.map((p) => p.fundId)).toEqual(FUND_CATALOG.map((f) => f.fundId));
  });

  it('fails, then drops connections, as configured at run time; admin keeps answering', async () => {
    expect((await behave({ failureRate: 2 })).status).toBe(400);
    expect((await behave({ latency: 5 })).status).toBe(400);
    expect((await behave({ failureRate: 1 })).body).toEqual({
      failureRate: 1,
      latencyMs: 0,
      outage: false,
    });
    const failing = await jsonRequest('GET', `${bank.url}/market-data/prices`);
    expect(failing.status).toBe(503);
    await behave({ outage: true });
    await expect(fetch(`${bank.url}/market-data/prices`)).rejects.toThrow();
    expect((await jsonRequest('GET', `${bank.url}/health`)).status).toBe(200);
    await behave({});
    expect((await jsonRequest('GET', `${bank.url}/market-data/prices`)).status).toBe(200);
  });
});

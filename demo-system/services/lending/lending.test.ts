import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { jsonRequest } from '../../testing/http';
import { startAccountsService } from '../accounts/server';
import { startKycService } from '../kyc/server';
import { monthlyPaymentCents } from './loan';
import { startLendingService } from './server';

/**
 * Lending with real accounts and kyc over HTTP (port 0, no sidecars). Money invariant: every
 * cent in the accounts is a deposit or the principal of a disbursed loan, paid once.
 */
const common = { host: '127.0.0.1', port: 0, otlpEndpoint: 'http://127.0.0.1:1' };

describe('monthlyPaymentCents', () => {
  it('is the annuity, rounded up to the cent', () => {
    // 10 000.00 over 12 months at 6.90 %: 57.50 / (1 - 1.00575^-12) = 864.806… → 864.81.
    expect(monthlyPaymentCents(1_000_000, 690, 12)).toBe(86_481);
    expect(monthlyPaymentCents(1_200, 0, 12)).toBe(100);
  });
});

describe('lending over HTTP', () => {
  let data: TestDatabase;
  let accounts: RunningService;
  let kyc: RunningService;
  let lending: RunningService;
  let depositedCents = 0;

  const openAccount = async (customer: string, depositCents = 0) => {
    const res = await jsonRequest(
      'POST',
      `${accounts.url}/accounts`,
      { owner: customer },
      { 'x-customer-id': customer },
    );
    const id = String(res.body.id);
    if (depositCents > 0) {
      await jsonRequest('POST', `${accounts.url}/accounts/${id}/deposits`, {
        amountCents: depositCents,
      });
      depositedCents += depositCents;
    }
    return id;
  };
  const balance = async (id: string) =>
    Number((await jsonRequest('GET', `${accounts.url}/accounts/${id}`)).body.balanceCents);
  const passKyc = (customer: string, document = 'AB1234567') =>
    jsonRequest('POST', `${kyc.url}/customers/${customer}/kyc`, { name: customer, document });
  const apply = (body: Record<string, unknown>, caller?: string) =>
    jsonRequest('POST', `${lending.url}/loans`, body, caller ? { 'x-customer-id': caller } : {});

  beforeAll(async () => {
    data = await openTestPglite();
    accounts = await startAccountsService({ ...common, database: data.database });
    kyc = await startKycService({ ...common, database: data.database });
    lending = await startLendingService({
      ...common,
      database: data.database,
      accountsUrl: accounts.url,
      kycUrl: kyc.url,
      sweepIntervalMs: 0,
    });
  });
  afterAll(async () => {
    await lending?.close();
    await kyc?.close();
    await accounts?.close();
    await data?.cleanup();
  });

  it('approves a KYC-approved customer and pays the loan into the account', async () => {
    const account = await openAccount('c-ada', 1_000);
    await passKyc('c-ada');
    const res = await apply(
      { customerId: 'c-ada', accountId: account, amountCents: 500_000, termMonths: 12 },
      'c-ada',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'disbursed',
      principalCents: 500_000,
      currency: 'EUR',
      termMonths: 12,
    });
    expect(await balance(account)).toBe(501_000);
    const mine = await jsonRequest('GET', `${lending.url}/customers/c-ada/loans`);
    expect(mine.body).toMatchObject({ outstandingCents: 500_000 });
    expect((mine.body.loans as unknown[]).length).toBe(1);
    expect((await jsonRequest('GET', `${lending.url}/customers/c-nobody/loans`)).body).toEqual({
      loans: [],
      outstandingCents: 0,
    });
  });

  it('disburses exactly once however often the disbursement is repeated', async () => {
    const account = await openAccount('c-bob');
    await passKyc('c-bob');
    const loan = await apply({
      customerId: 'c-bob',
      accountId: account,
      amountCents: 250_000,
      termMonths: 24,
    });
    expect(loan.body.status).toBe('disbursed');
    const id = String(loan.body.id);
    // Re-driven in parallel, and the very ledger call repeated by hand with its reference.
    const repeats = await Promise.all(
      Array.from({ length: 5 }, () =>
        jsonRequest('POST', `${lending.url}/loans/${id}/disbursement`),
      ),
    );
    for (const res of repeats) expect(res.body).toMatchObject({ status: 'disbursed' });
    const direct = await jsonRequest('POST', `${accounts.url}/accounts/${account}/credits`, {
      amountCents: 250_000,
      reference: `loan:${id}:disburse`,
      currency: 'EUR',
    });
    expect(direct.headers.get('idempotent-replayed')).toBe('true');
    expect(await balance(account)).toBe(250_000);
  });

  it('rejects without approved KYC, above the limits, or for an odd term, paying nothing', async () => {
    const account = await openAccount('c-eve');
    const base = { customerId: 'c-eve', accountId: account, termMonths: 12 };
    expect((await apply({ ...base, amountCents: 100_000 })).body).toMatchObject({
      status: 'rejected',
      reason: 'kyc_missing',
    });
    await passKyc('c-eve', 'AB1234569');
    expect((await apply({ ...base, amountCents: 100_000 })).body).toMatchObject({
      reason: 'kyc_pending',
    });
    await passKyc('c-eve', 'AB1234561');
    expect((await apply({ ...base, amountCents: 9_999_999 })).body).toMatchObject({
      reason: 'amount_above_maximum',
    });
    expect((await apply({ ...base, amountCents: 100_000, termMonths: 7 })).body).toMatchObject({
      reason: 'term_not_offered',
    });
    expect(await balance(account)).toBe(0);
  });

  it("refuses to pay into someone else's account or apply in another's name", async () => {
    const account = await openAccount('c-owner');
    await passKyc('c-thief');
    const res = await apply({
      customerId: 'c-thief',
      accountId: account,
      amountCents: 100_000,
      termMonths: 12,
    });
    expect(res.status).toBe(403);
    expect((await apply({ customerId: 'c-owner', accountId: account }, 'c-thief')).status).toBe(
      400,
    );
    const impersonating = await apply(
      { customerId: 'c-owner', accountId: account, amountCents: 100_000, termMonths: 12 },
      'c-thief',
    );
    expect(impersonating.status).toBe(403);
    expect(await balance(account)).toBe(0);
  });

  it('answers 503 and records nothing while kyc is down (fails closed)', async () => {
    const account = await openAccount('c-late');
    await kyc.close();
    try {
      const res = await apply({
        customerId: 'c-late',
        accountId: account,
        amountCents: 100_000,
        termMonths: 12,
      });
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('kyc_unavailable');
      const loans = await jsonRequest('GET', `${lending.url}/customers/c-late/loans`);
      expect(loans.body.loans).toEqual([]);
    } finally {
      kyc = await startKycService({ ...common, database: data.database });
    }
  });

  it('keeps the money invariant: balances = deposits + disbursed principal', async () => {
    const disbursed = ['c-ada', 'c-bob', 'c-eve', 'c-owner', 'c-late'].map(async (customer) => {
      const res = await jsonRequest('GET', `${lending.url}/customers/${customer}/loans`);
      return Number(res.body.outstandingCents);
    });
    const principal = (await Promise.all(disbursed)).reduce((a, b) => a + b, 0);
    const owned = ['c-ada', 'c-bob', 'c-eve', 'c-owner', 'c-late'].map(async (customer) => {
      const res = await jsonRequest<Array<{ balanceCents: number }>>(
        'GET',
        `${accounts.url}/customers/${customer}/accounts`,
      );
      return res.body.reduce((sum, a) => sum + a.balanceCents, 0);
    });
    const balances = (await Promise.all(owned)).reduce((a, b) => a + b, 0);
    expect(principal).toBe(750_000);
    expect(balances).toBe(depositedCents + principal);
  });
});

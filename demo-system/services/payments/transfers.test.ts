import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest } from '../../testing/http';
import { type Bank, startBank } from './payments-test-kit';

/**
 * Internal transfers as orchestrated sagas, with real accounts and notifications over HTTP
 * and the outcome events over the embedded bus: each path's answer, saga view, the ledger
 * references applied (accounts' own books), the notice, and payments' audit.
 */
describe('internal transfer saga over HTTP', () => {
  let bank: Bank;

  beforeAll(async () => {
    bank = await startBank({
      checkRules: {
        perTransferLimitCents: 50_000,
        dailyLimitCents: 60_000,
        suspiciousPayee: /\bmule\b/i,
        structuringBand: 0.05,
      },
    });
  });
  afterAll(async () => {
    await bank?.close();
  });

  it('completes: debit, check, credit, notify; the notice comes through the bus', async () => {
    const from = await bank.openAccount('c-int', 10_000);
    const to = await bank.openAccount('c-int', 0);
    const res = await bank.transfer('c-int', {
      fromAccountId: from,
      toAccountId: to,
      amountCents: 2_500,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'completed',
      amountCents: 2_500,
      customerId: 'c-int',
      saga: { name: 'transfer', status: 'completed', step: 'notify', compensations: [] },
    });
    expect(res.body).not.toHaveProperty('reason');
    const id = String(res.body.id);
    expect(await bank.balance(from)).toBe(7_500);
    expect(await bank.balance(to)).toBe(2_500);
    expect(await bank.applied(id)).toEqual(['credit', 'debit']);
    expect((await bank.get(id)).body).toEqual(res.body);
    expect(await bank.notices('c-int', id)).toEqual(['transfer_completed']);
  });

  it('ends compensated with nothing to undo when funds are short (409)', async () => {
    const from = await bank.openAccount('c-poor', 1_000);
    const to = await bank.openAccount('c-poor', 0);
    const res = await bank.transfer('c-poor', {
      fromAccountId: from,
      toAccountId: to,
      amountCents: 5_000,
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      status: 'rejected',
      reason: 'insufficient_funds',
      saga: { status: 'compensated', step: 'debit', compensations: [] },
    });
    expect(await bank.applied(String(res.body.id))).toEqual([]);
    expect(await bank.balance(from)).toBe(1_000);
  });

  it('releases the reserved funds when the daily limit check fails', async () => {
    const from = await bank.openAccount('c-daily', 100_000);
    const to = await bank.openAccount('c-daily', 0);
    const first = await bank.transfer('c-daily', {
      fromAccountId: from,
      toAccountId: to,
      amountCents: 40_000,
    });
    expect(first.status).toBe(201);
    const over = await bank.transfer('c-daily', {
      fromAccountId: from,
      toAccountId: to,
      amountCents: 30_000,
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      status: 'rejected',
      reason: 'daily_limit_exceeded',
      saga: { status: 'compensated', step: 'release', compensations: ['release'] },
    });
    const id = String(over.body.id);
    expect(await bank.applied(id)).toEqual(['debit', 'release']);
    expect(await bank.balance(from)).toBe(60_000);
    expect(await bank.balance(to)).toBe(40_000);
    expect(await bank.notices('c-daily', id)).toEqual(['transfer_rejected']);
    // A refused transfer does not count against the day: 20 000 more still fits.
    const fits = await bank.transfer('c-daily', {
      fromAccountId: from,
      toAccountId: to,
      amountCents: 20_000,
    });
    expect(fits.status).toBe(201);
  });

  it('refunds the source when the credit is refused', async () => {
    const from = await bank.openAccount('c-refund', 5_000);
    const res = await bank.transfer('c-refund', {
      fromAccountId: from,
      toAccountId: 'acc_missing',
      amountCents: 1_200,
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      status: 'rejected',
      reason: 'account_not_found',
      saga: { status: 'compensated', step: 'refund', compensations: ['refund'] },
    });
    expect(await bank.applied(String(res.body.id))).toEqual(['debit', 'refund']);
    expect(await bank.balance(from)).toBe(5_000);
  });

  it("answers the audit: sagas by status, none left running, no open flow in accounts' books", async () => {
    const audit = await jsonRequest<{
      sagas: Record<string, number>;
      nonTerminal: unknown[];
      externalPaid: unknown[];
    }>('GET', `${bank.payments.url}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body).toEqual({
      sagas: { completed: 3, compensated: 3 },
      nonTerminal: [],
      externalPaid: [],
    });
    const books = await jsonRequest<{ openFlows: unknown[] }>('GET', `${bank.accounts.url}/audit`);
    expect(books.body.openFlows).toEqual([]);
  });
});

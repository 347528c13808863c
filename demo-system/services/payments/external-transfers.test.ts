import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, jsonRequest } from '../../testing/http';
import { classify } from './partner-port';
import { BAD_IBAN, type Bank, GOOD_IBAN, startBank } from './payments-test-kit';

/**
 * External transfers as orchestrated sagas with real accounts, partner-bank and notifications
 * over HTTP. Money invariant: deposits = balances + what partner-bank kept (accepted minus
 * reversed), and partner-bank's net payout is what payments' audit lists as paid.
 */
describe('classify (partner-bank answers)', () => {
  it('tells a definite refusal from unavailability; the open breaker holds', () => {
    expect(classify(201, undefined, { id: 'ext_1' })).toEqual({
      kind: 'accepted',
      partnerTransferId: 'ext_1',
    });
    expect(classify(503, 'breaker-open', { error: 'mesh_rejected' })).toMatchObject({
      kind: 'unavailable',
      reason: 'partner_bank_breaker_open',
    });
    expect(classify(503, 'bulkhead-full', null)).toMatchObject({ kind: 'unavailable' });
    expect(classify(500, undefined, null)).toMatchObject({ kind: 'unavailable' });
    expect(classify(429, undefined, null)).toMatchObject({ kind: 'unavailable' });
    expect(classify(422, undefined, { error: 'invalid_iban' })).toEqual({
      kind: 'refused',
      error: 'invalid_iban',
    });
  });
});

describe('external transfer saga over HTTP', () => {
  let bank: Bank;
  const payOut = (from: string, iban: string, amountCents: number, name = 'Grace Hopper') =>
    bank.transfer('c-ext', { fromAccountId: from, toExternal: { iban, name }, amountCents });
  const settled = (id: string) =>
    eventually(
      async () => {
        const res = await bank.get(id);
        const saga = res.body.saga as { status: string } | undefined;
        return saga && ['completed', 'compensated', 'failed'].includes(saga.status)
          ? res
          : undefined;
      },
      15_000,
      `transfer ${id} to settle`,
    );
  const partnerAudit = async () =>
    (await jsonRequest<Record<string, number>>('GET', `${bank.partner.url}/audit`)).body;

  beforeAll(async () => {
    bank = await startBank({
      // The order's outcome is unknown when partner-bank takes longer than 1 s; after 1.5 s of
      // that the saga reverses the order and releases the funds.
      callTimeoutMs: 1_000,
      timings: { deadlinesMs: { send_external: 1_500 } },
    });
  });
  afterAll(async () => {
    await bank?.close();
  });

  it('pays through partner-bank and notifies the sender; the IBAN is masked', async () => {
    const from = await bank.openAccount('c-ext', 10_000);
    const res = await payOut(from, GOOD_IBAN, 2_500);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'completed',
      toExternal: { iban: 'DE89…3000', name: 'Grace Hopper' },
      saga: { name: 'external_transfer', status: 'completed', step: 'notify', compensations: [] },
    });
    expect(JSON.stringify(res.body)).not.toContain(GOOD_IBAN);
    expect(await bank.balance(from)).toBe(7_500);
    expect(await bank.applied(String(res.body.id))).toEqual(['debit']);
    expect(await bank.notices('c-ext', String(res.body.id))).toEqual(['transfer_completed']);
  });

  it('releases the debit when partner-bank refuses the payee', async () => {
    const from = await bank.openAccount('c-ext', 3_000);
    const res = await payOut(from, BAD_IBAN, 1_000);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      status: 'rejected',
      reason: 'invalid_iban',
      saga: { status: 'compensated', compensations: ['release'] },
    });
    expect(await bank.applied(String(res.body.id))).toEqual(['debit', 'release']);
    expect(await bank.balance(from)).toBe(3_000);
  });

  it('refuses a watched payee in the check, before partner-bank hears of it', async () => {
    const before = await partnerAudit();
    const from = await bank.openAccount('c-ext', 3_000);
    const res = await payOut(from, GOOD_IBAN, 500, 'Fraud Inc');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      reason: 'suspected_fraud',
      saga: { compensations: ['release'] },
    });
    expect(await bank.balance(from)).toBe(3_000);
    expect(await partnerAudit()).toEqual(before);
  });

  it('holds the transfer while partner-bank fails and completes it once after recovery', async () => {
    const from = await bank.openAccount('c-ext', 10_000);
    await bank.behave({ failureRate: 1 });
    let id = '';
    try {
      const res = await payOut(from, GOOD_IBAN, 4_000);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        status: 'held',
        reason: 'partner_bank_unavailable',
        saga: { status: 'running', step: 'send_external' },
      });
      id = String(res.body.id);
      expect(await bank.balance(from)).toBe(6_000);
    } finally {
      await bank.behave({});
    }
    const done = await settled(id);
    expect(done.body).toMatchObject({ status: 'completed', saga: { status: 'completed' } });
    expect(done.body).not.toHaveProperty('reason');
    expect(await bank.balance(from)).toBe(6_000);
  });

  it('reverses an order whose outcome stays unknown past the deadline, then releases', async () => {
    const before = await partnerAudit();
    const from = await bank.openAccount('c-ext', 5_000);
    // Slower than payments waits: partner-bank accepts orders payments never hears about.
    await bank.behave({ latencyMs: 1_300 });
    let id = '';
    try {
      const res = await payOut(from, GOOD_IBAN, 1_500);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'held', reason: 'step_timeout' });
      id = String(res.body.id);
      await eventually(
        async () =>
          ((await bank.get(id)).body.saga as { step: string }).step === 'reverse' || undefined,
        10_000,
        'the saga to start reversing',
      );
    } finally {
      await bank.behave({});
    }
    const done = await settled(id);
    expect(done.body).toMatchObject({
      status: 'rejected',
      reason: 'step_timeout',
      saga: { status: 'compensated', step: 'release', compensations: ['reverse', 'release'] },
    });
    expect(await bank.applied(id)).toEqual(['debit', 'release']);
    expect(await bank.balance(from)).toBe(5_000);
    // partner-bank did accept the order (once, however often it was sent) and reversed it.
    const after = await partnerAudit();
    expect(after.acceptedCount).toBe(Number(before.acceptedCount) + 1);
    expect(after.reversedCount).toBe(Number(before.reversedCount) + 1);
    expect(after.reversedCents).toBe(Number(before.reversedCents) + 1_500);
  });

  it('keeps the money invariant and agrees with partner-bank on what was paid', async () => {
    const ours = await jsonRequest<Array<{ balanceCents: number }>>(
      'GET',
      `${bank.accounts.url}/customers/c-ext/accounts`,
      undefined,
      { 'x-customer-id': 'c-ext' },
    );
    const balances = ours.body.reduce((sum, a) => sum + a.balanceCents, 0);
    const partner = await partnerAudit();
    const netPaid = Number(partner.acceptedCents) - Number(partner.reversedCents);
    // 2 500 + 4 000 paid out; the refused, watched and reversed ones came back.
    expect(netPaid).toBe(6_500);
    expect(bank.deposited() - balances).toBe(netPaid);
    const audit = await jsonRequest<{
      externalPaid: Array<{ amountCents: number }>;
      nonTerminal: unknown[];
    }>('GET', `${bank.payments.url}/audit`);
    expect(audit.body.nonTerminal).toEqual([]);
    expect(audit.body.externalPaid.reduce((sum, p) => sum + p.amountCents, 0)).toBe(netPaid);
  });
});

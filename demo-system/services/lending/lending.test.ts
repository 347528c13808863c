import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../platform/events/catalog';
import { parseEvent } from '../../platform/events/envelope';
import { databaseTargets } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import { balanceReaches, type LendingWorld, startLendingWorld } from './lending-test-kit';
import { monthlyPaymentCents } from './loan';

/**
 * Lending with the real accounts and kyc: loans are decided over HTTP and paid by the
 * choreographed saga over the bus (accounts' own consumer credits them). Money invariant:
 * every cent in the accounts is a deposit or the principal of a disbursed loan, paid once.
 */
describe('monthlyPaymentCents', () => {
  it('is the annuity, rounded up to the cent', () => {
    // 10 000.00 over 12 months at 6.90 %: 57.50 / (1 - 1.00575^-12) = 864.806… → 864.81.
    expect(monthlyPaymentCents(1_000_000, 690, 12)).toBe(86_481);
    expect(monthlyPaymentCents(1_200, 0, 12)).toBe(100);
  });
});

for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(
    `lending over HTTP, the loan saga over the bus, on ${target.label}`,
    () => {
      let w: LendingWorld;

      beforeAll(async () => {
        w = await startLendingWorld({ stub: false, open: target.open });
      });
      afterAll(async () => {
        await w?.close();
      });

      it('approves at once, then the saga pays the loan into the account', async () => {
        const account = await w.openAccount('c-ada', 1_000);
        await w.passKyc('c-ada');
        const res = await w.apply(
          { customerId: 'c-ada', accountId: account, amountCents: 500_000, termMonths: 12 },
          'c-ada',
        );
        expect(res.status).toBe(202);
        expect(res.body).toMatchObject({
          status: 'approved',
          principalCents: 500_000,
          currency: 'EUR',
          termMonths: 12,
        });
        const id = String(res.body.id);
        const loan = await w.settled(id, 'disbursed');
        expect(loan.disbursedAt).toEqual(expect.any(String));
        await balanceReaches(w, account, 501_000);
        expect(w.eventsOf('loan.approved', id)[0]).toMatchObject({
          id: `${id}:approved`,
          correlationId: id,
          source: 'lending',
          data: { accountId: account, amountCents: 500_000, currency: 'EUR' },
        });
        const mine = await jsonRequest('GET', `${w.lending.url}/customers/c-ada/loans`);
        expect(mine.body).toMatchObject({ outstandingCents: 500_000 });
        expect((mine.body.loans as unknown[]).length).toBe(1);
        expect(
          (await jsonRequest('GET', `${w.lending.url}/customers/c-nobody/loans`)).body,
        ).toEqual({
          loans: [],
          outstandingCents: 0,
        });
      });

      it('disburses exactly once however often loan.approved is delivered', async () => {
        const account = await w.openAccount('c-bob');
        await w.passKyc('c-bob');
        const res = await w.apply({
          customerId: 'c-bob',
          accountId: account,
          amountCents: 250_000,
          termMonths: 24,
        });
        const id = String(res.body.id);
        await w.settled(id, 'disbursed');
        // The approval delivered again (a redelivery, a republish), and the ledger call repeated
        // by hand with its reference: the account is credited once.
        const record = w.published.find((m) => parseEvent(m.value).id === `${id}:approved`);
        if (!record) throw new Error('loan.approved was not published');
        await w.bus.publish(TOPICS.lending, [record, record]);
        const direct = await jsonRequest('POST', `${w.accounts.url}/accounts/${account}/credits`, {
          amountCents: 250_000,
          reference: `loan:${id}:disburse`,
          currency: 'EUR',
        });
        expect(direct.headers.get('idempotent-replayed')).toBe('true');
        await new Promise((resolve) => setTimeout(resolve, 300));
        await balanceReaches(w, account, 250_000);
        expect((await w.loanOf(id)).status).toBe('disbursed');
      });

      it('rejects without approved KYC, above the limits, or for an odd term, paying nothing', async () => {
        const account = await w.openAccount('c-eve');
        const base = { customerId: 'c-eve', accountId: account, termMonths: 12 };
        const first = await w.apply({ ...base, amountCents: 100_000 });
        expect(first.status).toBe(201);
        expect(first.body).toMatchObject({ status: 'rejected', reason: 'kyc_missing' });
        await w.passKyc('c-eve', 'AB1234569');
        expect((await w.apply({ ...base, amountCents: 100_000 })).body).toMatchObject({
          reason: 'kyc_pending',
        });
        await w.passKyc('c-eve', 'AB1234561');
        expect((await w.apply({ ...base, amountCents: 9_999_999 })).body).toMatchObject({
          reason: 'amount_above_maximum',
        });
        expect(
          (await w.apply({ ...base, amountCents: 100_000, termMonths: 7 })).body,
        ).toMatchObject({
          reason: 'term_not_offered',
        });
        expect(await w.balance(account)).toBe(0);
      });

      it("refuses to pay into someone else's account or apply in another's name", async () => {
        const account = await w.openAccount('c-owner');
        await w.passKyc('c-thief');
        const res = await w.apply({
          customerId: 'c-thief',
          accountId: account,
          amountCents: 100_000,
          termMonths: 12,
        });
        expect(res.status).toBe(403);
        expect(
          (await w.apply({ customerId: 'c-owner', accountId: account }, 'c-thief')).status,
        ).toBe(400);
        const impersonating = await w.apply(
          { customerId: 'c-owner', accountId: account, amountCents: 100_000, termMonths: 12 },
          'c-thief',
        );
        expect(impersonating.status).toBe(403);
        expect(await w.balance(account)).toBe(0);
      });

      it('answers 503 and records nothing while kyc is down (fails closed)', async () => {
        const account = await w.openAccount('c-late');
        await w.kyc.close();
        try {
          const res = await w.apply({
            customerId: 'c-late',
            accountId: account,
            amountCents: 100_000,
            termMonths: 12,
          });
          expect(res.status).toBe(503);
          expect(res.body.error).toBe('kyc_unavailable');
          const loans = await jsonRequest('GET', `${w.lending.url}/customers/c-late/loans`);
          expect(loans.body.loans).toEqual([]);
        } finally {
          await w.restartKyc();
        }
      });

      it('keeps the money invariant: balances = deposits + disbursed principal', async () => {
        const customers = ['c-ada', 'c-bob', 'c-eve', 'c-owner', 'c-late'];
        const disbursed = customers.map(async (customer) => {
          const res = await jsonRequest('GET', `${w.lending.url}/customers/${customer}/loans`);
          return Number(res.body.outstandingCents);
        });
        const principal = (await Promise.all(disbursed)).reduce((a, b) => a + b, 0);
        const owned = customers.map(async (customer) => {
          const res = await jsonRequest<Array<{ balanceCents: number }>>(
            'GET',
            `${w.accounts.url}/customers/${customer}/accounts`,
          );
          return res.body.reduce((sum, a) => sum + a.balanceCents, 0);
        });
        const balances = (await Promise.all(owned)).reduce((a, b) => a + b, 0);
        expect(principal).toBe(750_000);
        expect(balances).toBe(w.depositedCents + principal);
        const audit = await eventually(async () => {
          const res = await jsonRequest('GET', `${w.lending.url}/audit`);
          return (res.body.nonTerminal as unknown[]).length === 0 ? res.body : undefined;
        });
        expect(audit).toEqual({ nonTerminal: [], disbursedCents: 750_000 });
      });
    },
  );
}

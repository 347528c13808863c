import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../platform/events/catalog';
import type { EventEnvelope } from '../../platform/events/envelope';
import { databaseTargets } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import { balanceReaches, type LendingWorld, startLendingWorld } from './lending-test-kit';

/**
 * The loan saga's failure paths, with accounts' step played by a stand-in that can refuse a
 * disbursement or stay silent (accounts-participant-stub.ts): compensation, the republish
 * timeout, the cancel timeout, and a credit that lands after the cancellation.
 */
const DEADLINES = { republishAfterMs: 600, cancelAfterMs: 3_000 };

for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(
    `the loan saga when accounts refuses or stays silent, on ${target.label}`,
    () => {
      let w: LendingWorld;
      const stub = () => {
        if (!w.stub) throw new Error('no stub');
        return w.stub;
      };

      beforeAll(async () => {
        w = await startLendingWorld({ stub: true, deadlines: DEADLINES, open: target.open });
      });
      afterAll(async () => {
        await w?.close();
      });

      it('compensates a refused disbursement: cancelled, announced, nothing paid', async () => {
        const account = await w.openAccount('c-cyd');
        await w.passKyc('c-cyd');
        stub().refusing.add(account);
        const res = await w.apply({
          customerId: 'c-cyd',
          accountId: account,
          amountCents: 100_000,
          termMonths: 12,
        });
        expect(res.body.status).toBe('approved');
        const id = String(res.body.id);
        const loan = await w.settled(id, 'cancelled');
        expect(loan.reason).toBe('account_closed');
        await eventually(() => (w.eventsOf('loan.cancelled', id).length > 0 ? true : undefined));
        expect(w.eventsOf('loan.cancelled', id)).toEqual([
          expect.objectContaining({
            correlationId: id,
            data: { loanId: id, customerId: 'c-cyd', reason: 'account_closed' },
          }),
        ]);
        expect(await w.balance(account)).toBe(0);
        expect(sagaSpans(w, id)).toEqual([
          { name: 'loan_disbursement.approve', step: 'approve', kind: 'action' },
          { name: 'loan_disbursement', status: 'running' },
          { name: 'loan_disbursement', status: 'compensated' },
          { name: 'loan_disbursement.cancel', step: 'cancel', kind: 'compensation' },
        ]);
        // Lending logs the compensation, in the cancel step's span.
        const cancelSpan = w.spans
          .getFinishedSpans()
          .find((s) => s.attributes['saga.id'] === id && s.name === 'loan_disbursement.cancel');
        const lines = w.logs.getFinishedLogRecords().filter((l) => l.attributes['saga.id'] === id);
        expect(lines.map((l) => [l.severityText, l.eventName, l.body])).toEqual([
          [
            'WARN',
            'saga.compensated',
            `loan ${id} cancelled (account_closed): the disbursement did not happen, loan.cancelled announced`,
          ],
        ]);
        expect(lines[0]?.spanContext?.spanId).toBe(cancelSpan?.spanContext().spanId);
      });

      it('republishes the same approval, cancels after the deadline, and honours a late credit', async () => {
        const account = await w.openAccount('c-dan');
        await w.passKyc('c-dan');
        stub().silent.add(account);
        const res = await w.apply({
          customerId: 'c-dan',
          accountId: account,
          amountCents: 120_000,
          termMonths: 6,
        });
        const id = String(res.body.id);
        const mine = () => stub().approvals.filter((event) => loanIdOf(event) === id);
        await eventually(() => (mine().length >= 2 ? true : undefined), 10_000, 'a republish');
        expect(new Set(mine().map((event) => event.id))).toEqual(new Set([`${id}:approved`]));
        const audit = await jsonRequest('GET', `${w.lending.url}/audit`);
        expect(audit.body.nonTerminal).toContainEqual(
          expect.objectContaining({ loanId: id, status: 'approved' }),
        );

        const republishSpans = w.spans
          .getFinishedSpans()
          .filter(
            (s) => s.attributes['saga.id'] === id && s.attributes['loan.approval_republished'],
          );
        expect(republishSpans[0]?.attributes).toMatchObject({
          'saga.name': 'loan_disbursement',
          'saga.step': 'approve',
          'saga.step.kind': 'action',
        });
        const cancelled = await w.settled(id, 'cancelled', 15_000);
        expect(cancelled.reason).toBe('disbursement_timeout');
        await eventually(() => (w.eventsOf('loan.cancelled', id).length > 0 ? true : undefined));
        const republishes = mine().length;
        await new Promise((resolve) => setTimeout(resolve, 2 * DEADLINES.republishAfterMs));
        expect(mine().length).toBe(republishes);
        expect((await jsonRequest('GET', `${w.lending.url}/audit`)).body).toEqual({
          nonTerminal: [],
          disbursedCents: 0,
        });

        // A copy of loan.approved still in flight reaches accounts after the cancellation: the
        // ledger credits it (once), and lending records the loan as disbursed after all.
        stub().silent.delete(account);
        const approved = w.published.find(
          (m) => m.key === id && m.headers['event-type'] === 'loan.approved',
        );
        if (!approved) throw new Error('loan.approved was not published');
        await w.bus.publish(TOPICS.lending, [approved]);
        const late = await w.settled(id, 'disbursed');
        expect(late.reason).toBe('disbursed_after_cancellation');
        await balanceReaches(w, account, 120_000);
        expect((await jsonRequest('GET', `${w.lending.url}/audit`)).body).toEqual({
          nonTerminal: [],
          disbursedCents: 120_000,
        });
      });
    },
  );
}

/** Lending's saga spans of one loan, in the order they ended. */
function sagaSpans(w: LendingWorld, loanId: string) {
  return w.spans
    .getFinishedSpans()
    .filter((span) => span.attributes['saga.id'] === loanId)
    .map((span) => ({
      name: span.name,
      ...(span.attributes['saga.step'] ? { step: span.attributes['saga.step'] } : {}),
      ...(span.attributes['saga.step.kind'] ? { kind: span.attributes['saga.step.kind'] } : {}),
      ...(span.attributes['saga.status'] ? { status: span.attributes['saga.status'] } : {}),
    }));
}

function loanIdOf(event: EventEnvelope): string | undefined {
  return (event.data as { loanId?: string }).loanId;
}

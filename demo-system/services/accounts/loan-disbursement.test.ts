import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { BusMessage } from '../../platform/bus/event-bus';
import { TOPICS } from '../../platform/events/catalog';
import { createEvent, EVENT_HEADERS, type EventEnvelope } from '../../platform/events/envelope';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import { type AccountsHarness, startAccountsHarness } from './accounts-test-kit';

/** Accounts' step of the loan saga: loan.approved → one credit → loan.disbursed / _failed. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`accounts loan disbursement on ${target.label}`, () => {
    let data: TestDatabase;
    let h: AccountsHarness;
    const outcomes: EventEnvelope<Record<string, unknown>>[] = [];

    beforeAll(async () => {
      data = await target.open();
      h = await startAccountsHarness(data.database);
      await h.bus.subscribe({
        groupId: 'test.loan-outcomes',
        topics: [TOPICS.accounts],
        handle: async (message: BusMessage) => {
          const event = JSON.parse(message.value) as EventEnvelope<Record<string, unknown>>;
          if (event.type.startsWith('loan.')) outcomes.push(event);
        },
      });
    });
    afterAll(async () => {
      await h?.close();
      await data?.cleanup();
    });

    const approve = (
      loanId: string,
      accountId: string,
      customerId: string,
      amountCents: number,
      currency = 'EUR',
    ) =>
      createEvent(
        'loan.approved',
        { loanId, customerId, accountId, amountCents, currency },
        { aggregateId: loanId, correlationId: loanId, source: 'lending', id: `${loanId}:approved` },
      );
    const publish = (event: EventEnvelope) =>
      h.bus.publish(TOPICS.lending, [
        {
          key: event.aggregateId,
          value: JSON.stringify(event),
          headers: { [EVENT_HEADERS.type]: event.type, [EVENT_HEADERS.version]: '1' },
        },
      ]);
    const outcomesOf = (loanId: string) => outcomes.filter((e) => e.correlationId === loanId);

    it('credits the account once when loan.approved is delivered twice', async () => {
      const accountId = await h.open('Ada', 'c-ada');
      const loanId = `loan_${randomUUID()}`;
      const approved = approve(loanId, accountId, 'c-ada', 250_000);
      await publish(approved);
      await publish(approved);
      const [disbursed] = await eventually(async () =>
        outcomesOf(loanId).length > 0 ? outcomesOf(loanId) : undefined,
      );
      expect(disbursed).toMatchObject({
        type: 'loan.disbursed',
        aggregateId: loanId,
        causationId: approved.id,
        source: 'accounts',
        data: { loanId, customerId: 'c-ada', accountId, amountCents: 250_000, currency: 'EUR' },
      });
      // The same loan approved again under another event id: the reference answers, no credit.
      await publish({ ...approved, id: `${loanId}:approved-again` });
      await eventually(async () => (outcomesOf(loanId).length >= 2 ? true : undefined));
      await h.caughtUp();
      expect(outcomesOf(loanId).map((e) => e.type)).toEqual(['loan.disbursed', 'loan.disbursed']);
      const account = await jsonRequest('GET', `${h.url}/accounts/${accountId}`);
      expect(account.body.balanceCents).toBe(250_000);
      const { rows } = await h.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE data->>'reference' = $1",
        [`loan:${loanId}:disburse`],
      );
      expect(rows[0]?.n).toBe(1);
      const credit = (
        await h.db.query('SELECT metadata FROM events WHERE stream_id = $1', [accountId])
      ).rows[1] as { metadata: Record<string, unknown> };
      expect(credit.metadata).toMatchObject({
        correlationId: loanId,
        causationId: approved.id,
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/),
      });
      const steps = h.memory.spans
        .getFinishedSpans()
        .filter((span) => span.attributes[sagaAttributes.id] === loanId);
      expect(steps[0]?.attributes).toMatchObject({
        [sagaAttributes.name]: 'loan_disbursement',
        [sagaAttributes.step]: 'disburse',
        [sagaAttributes.stepKind]: 'action',
      });
      // The duplicate delivery was skipped by the inbox: two handlings (two ids), not three.
      expect(steps).toHaveLength(2);
    });

    it('announces loan.disbursement_failed with the reason, crediting nothing', async () => {
      const usd = await h.open('Bob', 'c-bob', 'USD');
      const othersAccount = await h.open('Cyd', 'c-cyd');
      const cases = [
        { accountId: 'acc_missing', customerId: 'c-bob', reason: 'account_not_found' },
        { accountId: usd, customerId: 'c-bob', reason: 'currency_mismatch' },
        { accountId: othersAccount, customerId: 'c-bob', reason: 'account_not_owned_by_customer' },
      ];
      for (const { accountId, customerId, reason } of cases) {
        const loanId = `loan_${randomUUID()}`;
        await publish(approve(loanId, accountId, customerId, 1_000));
        const [failed] = await eventually(async () =>
          outcomesOf(loanId).length > 0 ? outcomesOf(loanId) : undefined,
        );
        expect(failed).toMatchObject({
          type: 'loan.disbursement_failed',
          data: { loanId, accountId, reason },
        });
      }
      await h.caughtUp();
      for (const id of [usd, othersAccount]) {
        expect((await jsonRequest('GET', `${h.url}/accounts/${id}`)).body.balanceCents).toBe(0);
      }
    });
  });
}

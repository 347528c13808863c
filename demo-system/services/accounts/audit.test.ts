import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { jsonRequest } from '../../testing/http';
import { type AccountsHarness, startAccountsHarness } from './accounts-test-kit';
import type { AccountsAudit } from './audit';

/** GET /audit: the money figures of the write side, the read model and the positions. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`accounts audit on ${target.label}`, () => {
    let data: TestDatabase;
    let h: AccountsHarness;

    beforeAll(async () => {
      data = await target.open();
      h = await startAccountsHarness(data.database);
    });
    afterAll(async () => {
      await h?.close();
      await data?.cleanup();
    });

    const audit = async () => (await jsonRequest<AccountsAudit>('GET', `${h.url}/audit`)).body;

    it('sums deposits, flows per prefix, open flows and both sides', async () => {
      const empty = await audit();
      expect(empty).toEqual({
        accountCount: 0,
        totalBalanceCents: 0,
        negativeBalanceAccounts: [],
        depositedCents: 0,
        flows: {},
        openFlows: [],
        readModel: { totalBalanceCents: 0, position: 0 },
        eventStore: { position: 0 },
      });
      const a = await h.open('Ada', 'c-ada');
      const b = await h.open('Bob', 'c-bob');
      await h.entry(a, 'deposits', 1_000);
      // A completed transfer, one still open (debited only), a loan, a refused debit.
      await h.entry(a, 'debits', 300, 'transfer:trf_1:debit');
      await h.entry(b, 'credits', 300, 'transfer:trf_1:credit');
      await h.entry(a, 'debits', 100, 'transfer:trf_2:debit');
      await h.entry(b, 'credits', 500, 'loan:l_1:disburse');
      expect((await h.entry(b, 'debits', 5_000, 'order:o_1:debit')).status).toBe(409);
      await h.caughtUp();
      const figures = await audit();
      expect(figures).toEqual({
        accountCount: 2,
        totalBalanceCents: 1_400,
        negativeBalanceAccounts: [],
        depositedCents: 1_000,
        flows: {
          transfer: { debitedCents: 400, creditedCents: 300 },
          loan: { debitedCents: 0, creditedCents: 500 },
        },
        openFlows: [
          { flow: 'loan:l_1', netDebitedCents: -500 },
          { flow: 'transfer:trf_2', netDebitedCents: 100 },
        ],
        readModel: { totalBalanceCents: 1_400, position: figures.eventStore.position },
        eventStore: { position: figures.eventStore.position },
      });
      // 2 opened + 1 deposit + 4 applied debits/credits; the refusal appended nothing.
      expect(figures.eventStore.position).toBe(7);
      // The invariant the platform checks: balances = deposits + credits - debits.
      const moved = Object.values(figures.flows).reduce(
        (sum, f) => sum + f.creditedCents - f.debitedCents,
        0,
      );
      expect(figures.totalBalanceCents).toBe(figures.depositedCents + moved);
    });

    it('shows the read model behind while a projection is paused', async () => {
      await jsonRequest('POST', `${h.url}/projections/balances/pause`);
      const a = await h.open('Cyd');
      await h.entry(a, 'deposits', 50);
      const figures = await audit();
      expect(figures.totalBalanceCents - figures.readModel.totalBalanceCents).toBe(50);
      expect(figures.eventStore.position - figures.readModel.position).toBe(2);
      await jsonRequest('POST', `${h.url}/projections/balances/resume`);
      await h.caughtUp();
      const after = await audit();
      expect(after.readModel).toEqual({
        totalBalanceCents: after.totalBalanceCents,
        position: after.eventStore.position,
      });
    });
  });
}

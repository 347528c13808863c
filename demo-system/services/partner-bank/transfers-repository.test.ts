import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { partnerBankSchema } from './migrations';
import { type ExternalTransfer, ExternalTransfersRepository } from './transfers-repository';

/** partner-bank's books: one order per key, reversals that win every race with a late order. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`ExternalTransfersRepository on ${target.label}`, () => {
    let data: TestDatabase;
    let repo: ExternalTransfersRepository;
    const order = (key: string, amountCents = 1_000): ExternalTransfer => ({
      id: `ext_${key}`,
      idempotencyKey: key,
      payee: { iban: 'DE89370400440532013000', name: 'Ada' },
      amountCents,
      currency: 'EUR',
      status: 'accepted',
      createdAt: '2026-01-01T00:00:00.000Z',
    });

    beforeAll(async () => {
      data = await target.open();
      repo = new ExternalTransfersRepository(await data.database.openSchema(partnerBankSchema));
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    it('keeps the first outcome per key', async () => {
      const first = await repo.record(order('k1'));
      expect(first.created).toBe(true);
      const second = await repo.record({ ...order('k1'), id: 'ext_other' });
      expect(second).toEqual({ transfer: first.transfer, created: false });
    });

    it('never leaves an order paid and its reversal lost, however they race', async () => {
      const keys = Array.from({ length: 8 }, (_, i) => `race-${i}`);
      await Promise.all(
        keys.flatMap((key, i) =>
          i % 2 === 0
            ? [repo.record(order(key, 100)), repo.reverse(key)]
            : [repo.reverse(key), repo.record(order(key, 100))],
        ),
      );
      for (const key of keys) {
        const recorded = await repo.findByKey(key);
        const paidAndKept = recorded?.status === 'accepted' && recorded.reversedAt === undefined;
        expect(paidAndKept, key).toBe(false);
      }
      const audit = await repo.audit();
      expect(audit.acceptedCents - audit.reversedCents).toBe(1_000);
      expect(await repo.acceptedTotalCents()).toBe(1_000);
    });
  });
}

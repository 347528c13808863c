import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { paymentsSchema } from './migrations';
import { SqlTransfersRepository } from './sql-transfers-repository';
import type { Transfer } from './transfer';
import type { TransfersRepository } from './transfers-repository';

/** The TransfersRepository contract, on PGlite always and on PostgreSQL with DATABASE_URL. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`SqlTransfersRepository on ${target.label}`, () => {
    let data: TestDatabase;
    let repo: TransfersRepository;

    beforeAll(async () => {
      data = await target.open();
      repo = new SqlTransfersRepository(await data.database.openSchema(paymentsSchema));
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    const pending = (): Transfer => ({
      id: `trf_${randomUUID()}`,
      fromAccountId: 'acc_a',
      toAccountId: 'acc_b',
      amountCents: 1_000_000_000_000,
      status: 'pending',
      createdAt: '2025-03-04T05:06:07.089Z',
    });

    it('stores a transfer and reads it back as saved', async () => {
      const transfer = pending();
      await repo.save(transfer);
      expect(await repo.find(transfer.id)).toEqual(transfer);
      expect(await repo.find('trf_missing')).toBeUndefined();
    });

    it('records status changes of a known transfer', async () => {
      const transfer = pending();
      await repo.save(transfer);
      await repo.save({ ...transfer, status: 'rejected', reason: 'insufficient_funds' });
      expect(await repo.find(transfer.id)).toEqual({
        ...transfer,
        status: 'rejected',
        reason: 'insufficient_funds',
      });
      await repo.save({ ...transfer, status: 'completed' });
      expect(await repo.find(transfer.id)).toEqual({ ...transfer, status: 'completed' });
    });

    it('refuses a status outside the saga vocabulary', async () => {
      const transfer = { ...pending(), status: 'lost' as Transfer['status'] };
      await expect(repo.save(transfer)).rejects.toMatchObject({ code: '23514' });
    });
  });
}

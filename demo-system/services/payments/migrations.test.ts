import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDb } from '../../platform/db';
import { applyMigrations } from '../../platform/db/migrations';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { paymentsSchema } from './migrations';
import { SqlSagaStore } from './sql-saga-store';

/** 0003 turns transfers the old saga left pending or held into sagas that resume from the debit. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`payments migrations on ${target.label}`, () => {
    let data: TestDatabase;
    let db: ServiceDb;

    beforeAll(async () => {
      data = await target.open();
      db = await data.database.openSchema({
        name: 'payments_upgrade',
        migrations: paymentsSchema.migrations.slice(0, 2),
      });
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    it('gives every unfinished transfer a running saga at its debit; finished ones none', async () => {
      await db.exec(`
        INSERT INTO transfers (id, from_account_id, payee_iban, payee_name, amount_cents, status,
          reason, created_at, customer_id)
        VALUES ('trf_held', 'acc_a', 'DE89370400440532013000', 'Ada', 700, 'held',
          'partner_bank_unavailable', '2026-01-01T00:00:00Z', 'c-1');
        INSERT INTO transfers (id, from_account_id, to_account_id, amount_cents, status, created_at)
        VALUES ('trf_pending', 'acc_a', 'acc_b', 300, 'pending', '2026-01-01T00:00:00Z'),
               ('trf_done', 'acc_a', 'acc_b', 300, 'completed', '2026-01-01T00:00:00Z');
      `);
      await applyMigrations((fn) => db.transaction(fn), db.schema, paymentsSchema.migrations);
      const store = new SqlSagaStore(db, 30_000);
      expect(await store.find('trf_held')).toMatchObject({
        name: 'external_transfer',
        status: 'running',
        step: 'debit',
        data: {
          transferId: 'trf_held',
          fromAccountId: 'acc_a',
          toExternal: { iban: 'DE89370400440532013000', name: 'Ada' },
          amountCents: 700,
          customerId: 'c-1',
        },
      });
      const pending = await store.find('trf_pending');
      expect(pending).toMatchObject({ name: 'transfer', status: 'running', step: 'debit' });
      expect(pending?.data).toEqual({
        transferId: 'trf_pending',
        fromAccountId: 'acc_a',
        toAccountId: 'acc_b',
        amountCents: 300,
      });
      expect(await store.find('trf_done')).toBeUndefined();
      expect((await store.claimDue('runner', 10)).map((s) => s.id).sort()).toEqual([
        'trf_held',
        'trf_pending',
      ]);
    });
  });
}

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../platform/db/pglite-database';
import { openTestPglite } from '../../testing/database';
import { readEventsAfter } from './event-store';
import { accountsSchema } from './migrations';

/** 0003_event_store turns the accounts and entries of an older data folder into events. */
describe('accounts migration to the event store', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await cleanup?.();
  });

  it('replays existing accounts and applied entries into streams that fold to their balances', async () => {
    const data = await openTestPglite();
    cleanup = data.cleanup;
    const legacy = await data.database.openSchema({
      name: accountsSchema.name,
      migrations: accountsSchema.migrations.slice(0, 2),
    });
    await legacy.exec(`
      INSERT INTO accounts (id, owner, currency, balance_cents, customer_id, created_at)
        VALUES ('acc_a', 'Ada', 'EUR', 700, 'c-ada', '2026-01-01T00:00:00Z'),
               ('acc_b', 'Bob', 'USD', 0, NULL, '2026-01-02T00:00:00Z');
      INSERT INTO ledger_entries (reference, account_id, kind, amount_cents, status, entry_id,
          currency, balance_after_cents, error, recorded_at)
        VALUES ('dep:1', 'acc_a', 'deposit', 1000, 'applied', 'ent_1', 'EUR', 1000, NULL, '2026-01-03T00:00:00Z'),
               ('transfer:t1:debit', 'acc_a', 'debit', 300, 'applied', 'ent_2', 'EUR', 700, NULL, '2026-01-04T00:00:00Z'),
               ('transfer:t2:debit', 'acc_a', 'debit', 9000, 'rejected', NULL, NULL, NULL, 'insufficient_funds', '2026-01-05T00:00:00Z');
    `);
    await data.database.close();

    const reopened = await openPgliteDatabase({ dir: join(data.dataDir, 'pglite') });
    cleanup = async () => {
      await reopened.close();
      await data.cleanup();
    };
    const db = await reopened.openSchema(accountsSchema);
    const events = await readEventsAfter(db, 0, 100);
    expect(events.map((e) => [e.streamId, e.version, e.type])).toEqual([
      ['acc_a', 1, 'account.opened'],
      ['acc_b', 1, 'account.opened'],
      ['acc_a', 2, 'account.deposited'],
      ['acc_a', 3, 'account.debited'],
    ]);
    expect(events[0]?.data).toEqual({
      accountId: 'acc_a',
      owner: 'Ada',
      customerId: 'c-ada',
      currency: 'EUR',
    });
    expect(events[1]?.data).toEqual({ accountId: 'acc_b', owner: 'Bob', currency: 'USD' });
    expect(events[3]?.data).toEqual({
      accountId: 'acc_a',
      amountCents: 300,
      currency: 'EUR',
      reference: 'transfer:t1:debit',
      entryId: 'ent_2',
      balanceCents: 700,
    });
    const { rows } = await db.query('SELECT id, version FROM accounts ORDER BY id');
    expect(rows).toEqual([
      { id: 'acc_a', version: 3 },
      { id: 'acc_b', version: 1 },
    ]);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import type { EntryRequest } from './ledger';
import { accountsSchema } from './migrations';
import type { AccountsRepository, PostEntryResult } from './repository';
import { SqlAccountsRepository } from './sql-repository';

/** The AccountsRepository contract, on PGlite always and on PostgreSQL with DATABASE_URL. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`SqlAccountsRepository on ${target.label}`, () => {
    let data: TestDatabase;
    let repo: AccountsRepository;

    beforeAll(async () => {
      data = await target.open();
      repo = new SqlAccountsRepository(await data.database.openSchema(accountsSchema));
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    let entryIds = 0;
    const newEntryId = () => `ent_${++entryIds}_${randomUUID()}`;
    const open = async (balanceCents = 0, currency = 'EUR') => {
      const account = await repo.createAccount({
        id: `acc_${randomUUID()}`,
        owner: 'Ada',
        currency,
        balanceCents: 0,
      });
      if (balanceCents > 0) {
        await repo.postEntry(entry(account.id, 'deposit', balanceCents), newEntryId);
      }
      return account;
    };
    const entry = (
      accountId: string,
      kind: EntryRequest['kind'],
      amountCents: number,
      reference = `ref_${randomUUID()}`,
    ): EntryRequest => ({ accountId, kind, amountCents, reference });
    const balance = async (id: string) => (await repo.findAccount(id))?.balanceCents;

    it('creates and finds accounts; an id is taken once', async () => {
      const account = await open();
      expect(await repo.findAccount(account.id)).toEqual({
        id: account.id,
        owner: 'Ada',
        currency: 'EUR',
        balanceCents: 0,
      });
      expect(await repo.findAccount('acc_missing')).toBeUndefined();
      await expect(repo.createAccount({ ...account })).rejects.toThrow('already exists');
    });

    it('applies deposits, debits and credits and records the balance after each', async () => {
      const account = await open();
      const deposit = await repo.postEntry(entry(account.id, 'deposit', 1_000), newEntryId);
      expect(deposit).toMatchObject({
        kind: 'recorded',
        replayed: false,
        outcome: { status: 'applied', kind: 'deposit', currency: 'EUR', balanceCents: 1_000 },
      });
      await repo.postEntry(entry(account.id, 'debit', 300), newEntryId);
      const credit = await repo.postEntry(entry(account.id, 'credit', 50), newEntryId);
      expect(credit).toMatchObject({ outcome: { status: 'applied', balanceCents: 750 } });
      expect(await balance(account.id)).toBe(750);
    });

    it('rejects a debit beyond the balance, records it, and moves nothing', async () => {
      const account = await open(100);
      const request = entry(account.id, 'debit', 101);
      const first = await repo.postEntry(request, newEntryId);
      expect(first).toEqual({
        kind: 'recorded',
        replayed: false,
        outcome: { status: 'rejected', ...request, error: 'insufficient_funds' },
      });
      expect(await repo.postEntry(request, newEntryId)).toEqual({ ...first, replayed: true });
      expect(await balance(account.id)).toBe(100);
    });

    it('rejects a currency mismatch', async () => {
      const account = await open(0, 'USD');
      const result = await repo.postEntry(
        { ...entry(account.id, 'credit', 5), currency: 'EUR' },
        newEntryId,
      );
      expect(result).toMatchObject({ outcome: { status: 'rejected', error: 'currency_mismatch' } });
      expect(await balance(account.id)).toBe(0);
    });

    it('replays a repeated reference and refuses it for a different request', async () => {
      const account = await open(1_000);
      const request = entry(account.id, 'debit', 400);
      const first = await repo.postEntry(request, newEntryId);
      const again = await repo.postEntry(request, newEntryId);
      expect(again).toEqual({ ...first, replayed: true });
      const other = await repo.postEntry({ ...request, kind: 'credit' }, newEntryId);
      expect(other).toEqual({ kind: 'reference_conflict', outcome: recordedOutcome(first) });
      expect(await balance(account.id)).toBe(600);
    });

    it('answers account_not_found without recording the reference', async () => {
      const request = entry('acc_missing', 'credit', 5);
      expect(await repo.postEntry(request, newEntryId)).toEqual({ kind: 'account_not_found' });
      const account = await open();
      const later = await repo.postEntry({ ...request, accountId: account.id }, newEntryId);
      expect(later).toMatchObject({ kind: 'recorded', replayed: false });
    });

    it('keeps money in BIGINT cents beyond 32 bits', async () => {
      const account = await open(900_000_000_000);
      await repo.postEntry(entry(account.id, 'deposit', 100_000_000_001), newEntryId);
      expect(await balance(account.id)).toBe(1_000_000_000_001);
    });

    it('never overdraws or applies a reference twice under 20 parallel debits', async () => {
      // 1 000 cents; 20 debits of 100 on 15 references (5 sent twice): exactly 10 apply.
      const account = await open(1_000);
      const references = Array.from({ length: 20 }, (_, i) => `par_${account.id}_${i % 15}`);
      const results = await Promise.all(
        references.map((reference) =>
          repo.postEntry(entry(account.id, 'debit', 100, reference), newEntryId),
        ),
      );
      const outcomes = results.map(recordedOutcome);
      const firstOfEach = new Map(
        results
          .filter((r) => r.kind === 'recorded' && !r.replayed)
          .map((r) => {
            const outcome = recordedOutcome(r);
            return [outcome.reference, outcome] as const;
          }),
      );
      expect(firstOfEach.size).toBe(15);
      expect([...firstOfEach.values()].filter((o) => o.status === 'applied')).toHaveLength(10);
      // Every applied debit saw a distinct balance: no lost update, none below zero.
      const balancesAfter = [...firstOfEach.values()]
        .flatMap((o) => (o.status === 'applied' ? [o.balanceCents] : []))
        .sort((a, b) => a - b);
      expect(balancesAfter).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
      // A repeated reference got exactly the recorded outcome.
      for (const outcome of outcomes) {
        expect(outcome).toEqual(firstOfEach.get(outcome.reference));
      }
      expect(await balance(account.id)).toBe(0);
    });

    it('records one outcome when one reference races on two accounts', async () => {
      const a = await open(500);
      const b = await open(500);
      const reference = `race_${randomUUID()}`;
      const results = await Promise.all([
        repo.postEntry(entry(a.id, 'debit', 200, reference), newEntryId),
        repo.postEntry(entry(b.id, 'debit', 200, reference), newEntryId),
      ]);
      const kinds = results.map((r) => r.kind).sort();
      expect(kinds).toEqual(['recorded', 'reference_conflict']);
      expect([await balance(a.id), await balance(b.id)].sort()).toEqual([300, 500]);
    });
  });
}

function recordedOutcome(result: PostEntryResult) {
  if (result.kind === 'account_not_found') throw new Error('expected a recorded outcome');
  return result.outcome;
}

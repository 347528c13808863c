import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDb } from '../../platform/db';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { readStream } from './event-store';
import type { EntryRequest } from './ledger';
import { accountsSchema } from './migrations';
import type { PostEntryResult } from './reference-index';
import { AccountsWriteSide } from './write-side';

/**
 * The write side's command contract (what the former SQL repository guaranteed), on PGlite
 * always and on PostgreSQL with DATABASE_URL: one outcome per reference, no overdraft, no lost
 * update; plus the event-sourcing facts: the snapshot equals the fold of the stream and every
 * appended event went to the outbox in the same transaction.
 */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`AccountsWriteSide on ${target.label}`, () => {
    let data: TestDatabase;
    let db: ServiceDb;
    let repo: AccountsWriteSide;

    beforeAll(async () => {
      data = await target.open();
      db = await data.database.openSchema(accountsSchema);
      repo = new AccountsWriteSide({ db, source: 'accounts', newEntryId });
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    const open = async (balanceCents = 0, currency = 'EUR') => {
      const account = await repo.openAccount({ id: `acc_${randomUUID()}`, owner: 'Ada', currency });
      if (balanceCents > 0) {
        await repo.postEntry(entry(account.id, 'deposit', balanceCents));
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
      await expect(repo.openAccount({ ...account })).rejects.toThrow('already exists');
    });

    it('applies deposits, debits and credits and records the balance after each', async () => {
      const account = await open();
      const deposit = await repo.postEntry(entry(account.id, 'deposit', 1_000));
      expect(deposit).toMatchObject({
        kind: 'recorded',
        replayed: false,
        outcome: { status: 'applied', kind: 'deposit', currency: 'EUR', balanceCents: 1_000 },
      });
      await repo.postEntry(entry(account.id, 'debit', 300));
      const credit = await repo.postEntry(entry(account.id, 'credit', 50));
      expect(credit).toMatchObject({ outcome: { status: 'applied', balanceCents: 750 } });
      expect(await balance(account.id)).toBe(750);
    });

    it('rejects a debit beyond the balance, records it, and moves nothing', async () => {
      const account = await open(100);
      const request = entry(account.id, 'debit', 101);
      const first = await repo.postEntry(request);
      expect(first).toEqual({
        kind: 'recorded',
        replayed: false,
        outcome: { status: 'rejected', ...request, error: 'insufficient_funds' },
      });
      expect(await repo.postEntry(request)).toEqual({ ...first, replayed: true });
      expect(await balance(account.id)).toBe(100);
    });

    it('rejects a currency mismatch', async () => {
      const account = await open(0, 'USD');
      const result = await repo.postEntry({ ...entry(account.id, 'credit', 5), currency: 'EUR' });
      expect(result).toMatchObject({ outcome: { status: 'rejected', error: 'currency_mismatch' } });
      expect(await balance(account.id)).toBe(0);
    });

    it('replays a repeated reference and refuses it for a different request', async () => {
      const account = await open(1_000);
      const request = entry(account.id, 'debit', 400);
      const first = await repo.postEntry(request);
      const again = await repo.postEntry(request);
      expect(again).toEqual({ ...first, replayed: true });
      const other = await repo.postEntry({ ...request, kind: 'credit' });
      expect(other).toEqual({ kind: 'reference_conflict', outcome: recordedOutcome(first) });
      expect(await balance(account.id)).toBe(600);
    });

    it('answers account_not_found without recording the reference', async () => {
      const request = entry('acc_missing', 'credit', 5);
      expect(await repo.postEntry(request)).toEqual({ kind: 'account_not_found' });
      const account = await open();
      const later = await repo.postEntry({ ...request, accountId: account.id });
      expect(later).toMatchObject({ kind: 'recorded', replayed: false });
    });

    it('keeps money in BIGINT cents beyond 32 bits', async () => {
      const account = await open(900_000_000_000);
      await repo.postEntry(entry(account.id, 'deposit', 100_000_000_001));
      expect(await balance(account.id)).toBe(1_000_000_000_001);
    });

    it('never overdraws or applies a reference twice under 20 parallel debits', async () => {
      // 1 000 cents; 20 debits of 100 on 15 references (5 sent twice): exactly 10 apply.
      const account = await open(1_000);
      const references = Array.from({ length: 20 }, (_, i) => `par_${account.id}_${i % 15}`);
      const results = await Promise.all(
        references.map((reference) => repo.postEntry(entry(account.id, 'debit', 100, reference))),
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
        repo.postEntry(entry(a.id, 'debit', 200, reference)),
        repo.postEntry(entry(b.id, 'debit', 200, reference)),
      ]);
      const kinds = results.map((r) => r.kind).sort();
      expect(kinds).toEqual(['recorded', 'reference_conflict']);
      expect([await balance(a.id), await balance(b.id)].sort()).toEqual([300, 500]);
    });

    it('appends one event per applied entry; the snapshot is the fold of the stream', async () => {
      const account = await open(1_000);
      await repo.postEntry(entry(account.id, 'debit', 5_000)); // rejected: no event
      await repo.postEntry(entry(account.id, 'debit', 300));
      await repo.postEntry(entry(account.id, 'credit', 20));
      const stream = await readStream(db, account.id);
      expect(stream.map((e) => [e.version, e.type])).toEqual([
        [1, 'account.opened'],
        [2, 'account.deposited'],
        [3, 'account.debited'],
        [4, 'account.credited'],
      ]);
      expect(stream[2]?.data).toMatchObject({ amountCents: 300, balanceCents: 700 });
      expect(stream[3]?.metadata).toMatchObject({ source: 'accounts' });
      expect(await balance(account.id)).toBe(foldBalance(stream));
      // Every appended event is on the outbox (same id), written in the same transaction.
      const { rows } = await db.query<{ event_id: string }>(
        'SELECT event_id FROM outbox WHERE key = $1 ORDER BY sequence',
        [account.id],
      );
      expect(rows.map((r) => r.event_id)).toEqual(stream.map((e) => e.eventId));
    });

    it('retries a command that lost the race for its version, applying it once', async () => {
      // Two writers (two processes): B appends while A holds the version it loaded.
      const b = new AccountsWriteSide({ db, source: 'accounts', newEntryId });
      const account = await open(100);
      let interleaved = false;
      const a = new AccountsWriteSide({
        db,
        source: 'accounts',
        newEntryId,
        afterLoad: async () => {
          if (interleaved) return;
          interleaved = true;
          await b.postEntry(entry(account.id, 'deposit', 50, `b_${account.id}`));
        },
      });
      const reference = `a_${account.id}`;
      const result = await a.postEntry(entry(account.id, 'debit', 120, reference));
      expect(a.conflicts).toBe(1);
      // Decided again on the new state: 100 + 50 - 120 (it would have been refused on 100).
      expect(result).toMatchObject({ outcome: { status: 'applied', balanceCents: 30 } });
      expect(await a.postEntry(entry(account.id, 'debit', 120, reference))).toEqual({
        ...result,
        replayed: true,
      });
      const stream = await readStream(db, account.id);
      expect(stream.map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(stream.filter((e) => e.data.reference === reference)).toHaveLength(1);
      expect(await balance(account.id)).toBe(30);
    });

    it('applies each reference once when two writers race with duplicates', async () => {
      const account = await open(0);
      const writers = [repo, new AccountsWriteSide({ db, source: 'accounts', newEntryId })];
      // 30 deposits of 10 on 20 references, split over both writers (lanes are per writer).
      const references = Array.from({ length: 30 }, (_, i) => `dup_${account.id}_${i % 20}`);
      const results = await Promise.all(
        references.map((reference, i) =>
          writers[i % 2]!.postEntry(entry(account.id, 'deposit', 10, reference)),
        ),
      );
      expect(results.every((r) => r.kind === 'recorded')).toBe(true);
      expect(results.filter((r) => r.kind === 'recorded' && !r.replayed)).toHaveLength(20);
      const stream = await readStream(db, account.id);
      expect(stream).toHaveLength(21);
      expect(new Set(stream.slice(1).map((e) => e.data.reference)).size).toBe(20);
      expect(await balance(account.id)).toBe(200);
      expect(foldBalance(stream)).toBe(200);
    });
  });
}

function foldBalance(stream: ReadonlyArray<{ type: string; data: Record<string, unknown> }>) {
  return stream.reduce((sum, e) => {
    const amount = Number(e.data.amountCents ?? 0);
    if (e.type === 'account.debited') return sum - amount;
    return e.type === 'account.opened' ? sum : sum + amount;
  }, 0);
}

let entryIds = 0;
function newEntryId() {
  return `ent_${++entryIds}_${randomUUID()}`;
}

export function recordedOutcome(result: PostEntryResult) {
  if (result.kind === 'account_not_found') throw new Error('expected a recorded outcome');
  return result.outcome;
}

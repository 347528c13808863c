import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDb } from '../../platform/db';
import { createEvent } from '../../platform/events/envelope';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import {
  appendToStream,
  ConcurrencyError,
  envelopeOf,
  headPosition,
  readEventsAfter,
  readStream,
} from './event-store';
import { accountsSchema } from './migrations';

/** The event store's append contract, on PGlite always and on PostgreSQL with DATABASE_URL. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`accounts event store on ${target.label}`, () => {
    let data: TestDatabase;
    let db: ServiceDb;

    beforeAll(async () => {
      data = await target.open();
      db = await data.database.openSchema(accountsSchema);
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    const opened = (accountId: string) =>
      createEvent(
        'account.opened',
        { accountId, owner: 'Ada', currency: 'EUR' },
        { aggregateId: accountId, correlationId: accountId, source: 'accounts' },
      );
    const deposited = (accountId: string, amountCents: number, balanceCents: number) =>
      createEvent(
        'account.deposited',
        {
          accountId,
          amountCents,
          currency: 'EUR',
          reference: `ref_${randomUUID()}`,
          entryId: `ent_${randomUUID()}`,
          balanceCents,
        },
        { aggregateId: accountId, correlationId: accountId, source: 'accounts' },
      );

    it('appends at the next versions and reads back the same envelopes', async () => {
      const id = `acc_${randomUUID()}`;
      const before = await headPosition(db);
      const events = [opened(id), deposited(id, 10, 10)];
      const stored = await db.transaction((tx) => appendToStream(tx, id, 0, events));
      expect(stored.map((e) => e.version)).toEqual([1, 2]);
      expect(stored[1]!.position).toBeGreaterThan(stored[0]!.position);
      expect(await headPosition(db)).toBe(stored[1]!.position);
      expect((await readStream(db, id)).map(envelopeOf)).toEqual(events);
      const after = await readEventsAfter(db, before, 10);
      expect(after.map((e) => e.eventId)).toEqual(events.map((e) => e.id));
    });

    it('lets one of two concurrent appends at the same expected version win', async () => {
      const id = `acc_${randomUUID()}`;
      await db.transaction((tx) => appendToStream(tx, id, 0, [opened(id)]));
      const results = await Promise.allSettled([
        db.transaction((tx) => appendToStream(tx, id, 1, [deposited(id, 5, 5)])),
        db.transaction((tx) => appendToStream(tx, id, 1, [deposited(id, 7, 7)])),
      ]);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      const error = (rejected[0] as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error.message).toBe(
        `stream ${id}: expected version 1, but another writer appended first`,
      );
      expect((await readStream(db, id)).map((e) => e.version)).toEqual([1, 2]);
    });

    it('rolls back the whole append when a later event conflicts', async () => {
      const id = `acc_${randomUUID()}`;
      await db.transaction((tx) => appendToStream(tx, id, 0, [opened(id), deposited(id, 1, 1)]));
      const late = deposited(id, 2, 3);
      await expect(
        db.transaction((tx) => appendToStream(tx, id, 1, [late, deposited(id, 3, 6)])),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await readStream(db, id)).map((e) => e.eventId)).not.toContain(late.id);
    });

    it('refuses an event about another aggregate', async () => {
      const id = `acc_${randomUUID()}`;
      await expect(
        db.transaction((tx) => appendToStream(tx, id, 0, [opened('acc_other')])),
      ).rejects.toThrow('not stream');
    });
  });
}

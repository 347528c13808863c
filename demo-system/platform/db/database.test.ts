import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestPostgres, type TestDatabase } from '../../testing/database';
import { type Database, DatabaseOpenError, type Migration, type ServiceDb } from './database';
import { applyMigrations } from './migrations';

const items = (id: string): Migration => ({
  id,
  sql: 'CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL, cents bigint)',
});

for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`database layer on ${target.label}`, () => {
    let data: TestDatabase;
    let db: Database;
    let red: ServiceDb;
    let blue: ServiceDb;

    beforeAll(async () => {
      data = await target.open();
      db = data.database;
      red = await db.openSchema({ name: 'red', migrations: [items('0001_items')] });
      blue = await db.openSchema({ name: 'blue', migrations: [items('0001_items')] });
    });
    afterAll(async () => {
      await data?.cleanup();
    });

    it('gives each service its own schema: unqualified names resolve there only', async () => {
      await red.query('INSERT INTO items (id, label) VALUES (1, $1)', ['red one']);
      await blue.query('INSERT INTO items (id, label) VALUES (1, $1)', ['blue one']);
      expect((await red.query('SELECT label FROM items')).rows).toEqual([{ label: 'red one' }]);
      expect((await blue.query('SELECT label FROM items')).rows).toEqual([{ label: 'blue one' }]);
      expect(red.schema).toMatch(/red$/);
      expect(await db.openSchema({ name: 'red', migrations: [] })).toBe(red);
    });

    it('keeps every interleaved call in its own schema', async () => {
      const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? red : blue));
      const seen = await Promise.all(
        calls.map(async (handle, i) =>
          i % 3
            ? (await handle.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s
            : handle.transaction(
                async (tx) =>
                  (await tx.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s,
              ),
        ),
      );
      expect(seen).toEqual(calls.map((handle) => handle.schema));
    });

    it('commits a transaction, and rolls it back when fn throws', async () => {
      const inserted = await red.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES (2, $1)', ['kept']);
        return (await tx.query('UPDATE items SET label = label WHERE id IN (1, 2)')).rowCount;
      });
      expect(inserted).toBe(2);

      const failing = red.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES (3, $1)', ['lost']);
        throw new Error('boom');
      });
      await expect(failing).rejects.toThrow('boom');
      const failingSql = red.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES (4, $1)', ['lost']);
        await tx.query('INSERT INTO items (id, label) VALUES (2, $1)', ['duplicate key']);
      });
      await expect(failingSql).rejects.toMatchObject({ code: '23505' });

      const { rows } = await red.query('SELECT id FROM items ORDER BY id');
      expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
      // The connection is usable after a rollback.
      expect((await red.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it.runIf(target.label === 'PGlite')(
      'refuses the handle inside its own transaction instead of deadlocking',
      async () => {
        const nested = red.transaction(async () => {
          await red.query('SELECT 1');
        });
        await expect(nested).rejects.toThrow(/inside transaction\(fn\) use fn's tx/);
        expect((await red.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      },
    );

    it('returns BIGINT as a number and refuses one a double cannot hold', async () => {
      await red.query('INSERT INTO items (id, label, cents) VALUES (5, $1, $2)', [
        'big',
        1_000_000_000_000,
      ]);
      const { rows } = await red.query(
        'SELECT cents, count(*) AS n FROM items WHERE id = 5 GROUP BY cents',
      );
      expect(rows).toEqual([{ cents: 1_000_000_000_000, n: 1 }]);
      await expect(red.query('SELECT 9007199254740993::bigint AS x')).rejects.toThrow(RangeError);
    });

    it('applies migrations once, in order, and refuses edited or unknown history', async () => {
      const v1: Migration[] = [
        { id: '0001_a', sql: 'CREATE TABLE a (id int); INSERT INTO a VALUES (1)' },
      ];
      const v2 = [...v1, { id: '0002_b', sql: 'CREATE TABLE b (id int)' }];
      const green = await db.openSchema({ name: 'green', migrations: v1 });
      const again = (list: Migration[]) =>
        applyMigrations((fn) => green.transaction(fn), green.schema, list);

      expect(await again(v1)).toEqual([]);
      expect(await again(v2)).toEqual(['0002_b']);
      expect(await again(v2)).toEqual([]);
      expect((await green.query('SELECT id FROM schema_migrations ORDER BY id')).rows).toEqual([
        { id: '0001_a' },
        { id: '0002_b' },
      ]);
      expect((await green.query('SELECT count(*) AS n FROM a')).rows).toEqual([{ n: 1 }]);

      const edited = [{ id: '0001_a', sql: 'CREATE TABLE a (id bigint)' }, v2[1] as Migration];
      await expect(again(edited)).rejects.toThrow(/0001_a changed after it was applied/);
      await expect(again(v1)).rejects.toThrow(/0002_b is recorded but not declared/);
    });

    it('rolls back a failing migration whole and names it', async () => {
      const broken: Migration[] = [
        { id: '0001_ok', sql: 'CREATE TABLE ok (id int)' },
        { id: '0002_bad', sql: 'CREATE TABLE nope (id no_such_type)' },
      ];
      const open = db.openSchema({ name: 'broken', migrations: broken });
      await expect(open).rejects.toThrow(DatabaseOpenError);
      await expect(open).rejects.toThrow(/migration 0002_bad failed/);
      const fixed = await db.openSchema({ name: 'broken', migrations: broken.slice(0, 1) });
      expect((await fixed.query('SELECT id FROM schema_migrations')).rows).toEqual([
        { id: '0001_ok' },
      ]);
    });

    it('rejects badly numbered migrations and schema names', async () => {
      await expect(
        db.openSchema({ name: 'ids', migrations: [items('0002_x'), items('0001_y')] }),
      ).rejects.toThrow(/ids ascend/);
      await expect(db.openSchema({ name: 'ids', migrations: [items('first')] })).rejects.toThrow(
        /must look like 0001_create_accounts/,
      );
      await expect(db.openSchema({ name: 'Bad-Name', migrations: [] })).rejects.toThrow(
        DatabaseOpenError,
      );
    });
  });
}

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL: two processes starting at once', () => {
  it('applies each migration once when two databases open the same schema together', async () => {
    const first = await openTestPostgres();
    const second = await openTestPostgres(first.schemaPrefix);
    try {
      const definition = {
        name: 'race',
        migrations: [items('0001_items'), { id: '0002_more', sql: 'ALTER TABLE items ADD x int' }],
      };
      const [a, b] = await Promise.all([
        first.database.openSchema(definition),
        second.database.openSchema(definition),
      ]);
      expect(a.schema).toBe(b.schema);
      const { rows } = await a.query('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows).toEqual([{ id: '0001_items' }, { id: '0002_more' }]);
    } finally {
      await second.database.close();
      await first.cleanup();
    }
  });
});

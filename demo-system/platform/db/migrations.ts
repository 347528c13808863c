import { createHash } from 'node:crypto';
import { DatabaseOpenError, type Migration, type SqlSession } from './database';

const MIGRATION_ID = /^(\d{4})_[a-z0-9_]+$/;

/** First key of the two-int advisory lock: "PSMG" (Patternscope migrations). */
const LOCK_CLASS = 0x50534d47;

/**
 * Applies the pending migrations of `schema` in one transaction:
 *
 * 1. `pg_advisory_xact_lock` on (PSMG, hashtext(schema)), so two processes starting at once
 *    on PostgreSQL take turns (the second then finds everything applied);
 * 2. creates the schema and `<schema>.schema_migrations` if needed;
 * 3. checks the recorded ids are a prefix of `migrations` with unchanged checksums;
 * 4. runs each pending migration's SQL (unqualified names land in the schema, which is the
 *    session's whole search_path) and records it.
 *
 * Any failure rolls the whole batch back. Returns the ids applied now.
 */
export async function applyMigrations(
  transaction: <T>(fn: (tx: SqlSession) => Promise<T>) => Promise<T>,
  schema: string,
  migrations: readonly Migration[],
): Promise<string[]> {
  checkMigrationList(schema, migrations);
  return transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    await tx.exec(`
      CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
        id text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`);
    const { rows } = await tx.query<{ id: string; checksum: string }>(
      `SELECT id, checksum FROM ${schema}.schema_migrations ORDER BY id`,
    );
    rows.forEach((recorded, index) => {
      const declared = migrations[index];
      if (!declared || declared.id !== recorded.id) {
        throw new DatabaseOpenError(
          `schema ${schema}: migration ${recorded.id} is recorded but not declared at position ${index + 1}; the database is newer than this code or a migration was renamed`,
        );
      }
      if (checksumOf(declared) !== recorded.checksum) {
        throw new DatabaseOpenError(
          `schema ${schema}: migration ${recorded.id} changed after it was applied; add a new migration instead`,
        );
      }
    });
    const pending = migrations.slice(rows.length);
    for (const migration of pending) {
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new DatabaseOpenError(
          `schema ${schema}: migration ${migration.id} failed: ${(error as Error).message}`,
        );
      }
      await tx.query(`INSERT INTO ${schema}.schema_migrations (id, checksum) VALUES ($1, $2)`, [
        migration.id,
        checksumOf(migration),
      ]);
    }
    return pending.map((migration) => migration.id);
  });
}

/** Ids are `NNNN_name`, unique, and ascend by number in declaration order. */
export function checkMigrationList(schema: string, migrations: readonly Migration[]): void {
  let previous = -1;
  for (const { id } of migrations) {
    const match = MIGRATION_ID.exec(id);
    if (!match) {
      throw new DatabaseOpenError(
        `schema ${schema}: migration id "${id}" must look like 0001_create_accounts`,
      );
    }
    const number = Number(match[1]);
    if (number <= previous) {
      throw new DatabaseOpenError(
        `schema ${schema}: migration ${id} must come after a lower number (ids ascend, no repeats)`,
      );
    }
    previous = number;
  }
}

function checksumOf(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

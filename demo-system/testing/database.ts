import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { Database } from '../platform/db';
import { openPgliteDatabase } from '../platform/db/pglite-database';
import { openPostgresDatabase } from '../platform/db/postgres-database';

/**
 * Test support: real databases, never fakes.
 *
 * - PGlite runs in a fresh temp folder per test file, seeded by copying a pristine cluster
 *   that initdb made once per machine and PGlite version (initdb costs ~5 s, a copy and
 *   reopen ~1 s). Tests should share one instance per file.
 * - PostgreSQL runs only when DATABASE_URL is set, in schemas under a unique prefix that
 *   `cleanup` drops.
 */
export interface TestDatabase {
  database: Database;
  /** Closes the database and removes what the test created (folder or schemas). */
  cleanup(): Promise<void>;
}

export interface DatabaseTarget {
  label: string;
  /** Why this target is skipped, or undefined when it runs. */
  skip: string | undefined;
  open(): Promise<TestDatabase>;
}

const postgresUrl = process.env.DATABASE_URL || undefined;

/** PGlite always; PostgreSQL when DATABASE_URL is set. Use with `describe.skipIf(t.skip)`. */
export function databaseTargets(): DatabaseTarget[] {
  return [
    { label: 'PGlite', skip: undefined, open: openTestPglite },
    {
      label: postgresUrl
        ? 'PostgreSQL'
        : 'PostgreSQL (skipped: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test)',
      skip: postgresUrl ? undefined : 'DATABASE_URL is not set',
      open: () => openTestPostgres(),
    },
  ];
}

/** A temp folder for a test's data (DEMO_DATA_DIR); remove it in afterAll. */
export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'patternscope-data-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A PGlite database in a temp data dir (`<dir>/pglite`), seeded from the cached template. */
export async function openTestPglite(): Promise<TestDatabase & { dataDir: string }> {
  const data = await tempDataDir();
  await cp(await pristineCluster(), join(data.dir, 'pglite'), { recursive: true });
  const database = await openPgliteDatabase({ dir: join(data.dir, 'pglite') });
  return {
    database,
    dataDir: data.dir,
    cleanup: async () => {
      await database.close();
      await data.remove();
    },
  };
}

/** PostgreSQL under a unique schema prefix; throws when DATABASE_URL is not set. */
export async function openTestPostgres(
  schemaPrefix = uniqueSchemaPrefix(),
): Promise<TestDatabase & { schemaPrefix: string; url: string }> {
  if (!postgresUrl) throw new Error('DATABASE_URL is not set');
  const database = await openPostgresDatabase({ url: postgresUrl, schemaPrefix });
  return {
    database,
    schemaPrefix,
    url: postgresUrl,
    cleanup: async () => {
      await database.close();
      await dropSchemas(postgresUrl, schemaPrefix);
    },
  };
}

export function uniqueSchemaPrefix(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}_`;
}

/** Drops every schema whose name starts with `prefix` (CASCADE). */
export async function dropSchemas(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'SELECT nspname AS name FROM pg_namespace WHERE left(nspname, length($1)) = $1',
      [prefix],
    );
    for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * A closed, freshly initdb'd PGlite folder under the OS temp dir, built once per PGlite
 * version. Parallel test files race to build it: each builds its own and renames it into
 * place; the losers throw theirs away.
 */
async function pristineCluster(): Promise<string> {
  const template = join(tmpdir(), `patternscope-pglite-template-${await pgliteVersion()}`);
  if (await exists(join(template, 'PG_VERSION'))) return template;
  const building = `${template}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  const database = await openPgliteDatabase({ dir: building });
  await database.close();
  try {
    await rename(building, template);
  } catch {
    await rm(building, { recursive: true, force: true });
  }
  if (!(await exists(join(template, 'PG_VERSION')))) {
    throw new Error(`could not build the PGlite template at ${template}`);
  }
  return template;
}

async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8'));
  return String(manifest.version);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The database seam every service uses. One interface, two adapters:
 *
 * - `pglite-database.ts`: the embedded default, ONE PGlite instance for the whole process,
 *   one schema per service;
 * - `postgres-database.ts`: PostgreSQL (`DATABASE_URL`), one pool per service.
 *
 * A service declares its schema (a name and numbered migrations), calls `openSchema` once at
 * start-up and gets a handle whose unqualified SQL resolves in its own schema only
 * (`search_path` is set to that schema alone). The SQL is the same on both adapters.
 */

/** Values a query may bind. BIGINT columns come back as JS numbers (see `int8.ts`). */
export type SqlParam = string | number | boolean | null | Date;

export type Row = Record<string, unknown>;

export interface SqlResult<R extends Row = Row> {
  rows: R[];
  /** Rows returned, inserted, updated or deleted by the statement. */
  rowCount: number;
}

/** Something that runs SQL: a service handle, or the transaction handed to `transaction`. */
export interface SqlSession {
  /** One statement with `$1`-style parameters. */
  query<R extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<SqlResult<R>>;
  /** A script of statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

/** A service's handle on its own schema. */
export interface ServiceDb extends SqlSession {
  /** The schema this handle's SQL runs in (the service name, plus a prefix in tests). */
  readonly schema: string;
  /**
   * Runs `fn` between BEGIN and COMMIT on one connection; ROLLBACK when it throws. Use only
   * `tx` inside `fn`: on PostgreSQL the handle's own `query` would run on another connection,
   * outside the transaction; on PGlite (one connection) it throws instead of deadlocking.
   */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

/** A numbered migration: applied once, in order, recorded in `<schema>.schema_migrations`. */
export interface Migration {
  /** `NNNN_what_it_does`, e.g. `0001_create_accounts`; ids ascend in the list. */
  id: string;
  sql: string;
}

export interface SchemaDefinition {
  /** The service's schema name: lower-case letters, digits and `_`. */
  name: string;
  migrations: readonly Migration[];
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs: the PGlite folder, or the server URL without password. */
  readonly location: string;
  /**
   * Creates the schema if needed, applies pending migrations, and returns the handle. Opening
   * the same name again returns the same handle.
   */
  openSchema(definition: SchemaDefinition): Promise<ServiceDb>;
  /** Waits for running work, then closes every connection. Safe to call twice. */
  close(): Promise<void>;
}

/** The database could not be opened (folder in use, server unreachable, bad migration). */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Returns `prefix + name` after checking it is a plain, unquoted-safe identifier. */
export function schemaName(prefix: string, name: string): string {
  const schema = `${prefix}${name}`;
  if (!SCHEMA_NAME.test(schema)) {
    throw new DatabaseOpenError(
      `schema name "${schema}" must be lower-case letters, digits and _ (at most 63)`,
    );
  }
  return schema;
}

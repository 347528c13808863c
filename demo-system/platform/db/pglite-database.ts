import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import {
  type Database,
  DatabaseOpenError,
  type Row,
  type SchemaDefinition,
  type ServiceDb,
  type SqlParam,
  type SqlResult,
  type SqlSession,
  schemaName,
} from './database';
import { INT8_OID, parseInt8 } from './int8';
import { applyMigrations } from './migrations';

export interface PgliteDatabaseOptions {
  /** The PGlite data folder, e.g. `.data/pglite`. Missing parent folders are created. */
  dir: string;
  /** Prepended to every schema name (tests); empty in the product. */
  schemaPrefix?: string;
}

/**
 * PGlite's defaults plus a small buffer pool: ~170-290 MB RSS instead of ~730 MB (STACK.md).
 * `startParams` replaces the defaults, so they are spread first.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * Opens the ONE PGlite instance of this process on `dir`, after taking the folder's lock
 * (`<dir>.lock`). A brand-new folder takes a few seconds (initdb); reopening about one.
 */
export async function openPgliteDatabase(options: PgliteDatabaseOptions): Promise<Database> {
  const dir = resolve(options.dir);
  await mkdir(dirname(dir), { recursive: true });
  const lock = acquireDataDirLock(`${dir}.lock`, dir);
  try {
    const pglite = await PGlite.create({
      dataDir: dir,
      startParams: START_PARAMS,
      parsers: { [INT8_OID]: parseInt8 },
    });
    return new PgliteDatabase(pglite, lock, dir, options.schemaPrefix ?? '');
  } catch (error) {
    lock.release();
    throw new DatabaseOpenError(
      `demo-system: PGlite could not open ${dir}: ${(error as Error).message}`,
    );
  }
}

/**
 * PGlite is a single connection. Every call takes one process-wide turn (a promise chain):
 * set `search_path` to the caller's schema if another schema used the connection last, then
 * run the statement, or the whole transaction. The SET happens outside any transaction, so a
 * ROLLBACK never undoes it and `currentSchema` stays true.
 */
class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  private tail: Promise<unknown> = Promise.resolve();
  private currentSchema: string | undefined;
  private readonly inTurn = new AsyncLocalStorage<string>();
  private readonly handles = new Map<string, Promise<ServiceDb>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pglite: PGlite,
    private readonly lock: DataDirLock,
    readonly location: string,
    private readonly schemaPrefix: string,
  ) {}

  openSchema(definition: SchemaDefinition): Promise<ServiceDb> {
    const existing = this.handles.get(definition.name);
    if (existing) return existing;
    const opening = (async () => {
      const handle = this.handleFor(schemaName(this.schemaPrefix, definition.name));
      await applyMigrations((fn) => handle.transaction(fn), handle.schema, definition.migrations);
      return handle;
    })();
    this.handles.set(definition.name, opening);
    opening.catch(() => this.handles.delete(definition.name));
    return opening;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.tail;
      try {
        await this.pglite.close();
      } finally {
        this.lock.release();
      }
    })();
    return this.closing;
  }

  private handleFor(schema: string): ServiceDb {
    return {
      schema,
      query: (sql, params) => this.turn(schema, () => runQuery(this.pglite, sql, params)),
      exec: (sql) => this.turn(schema, () => runExec(this.pglite, sql)),
      transaction: (fn) =>
        this.turn(schema, () => this.pglite.transaction((tx) => fn(transactionSession(tx)))),
    };
  }

  private turn<T>(schema: string, work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error(`database ${this.location} is closed`));
    const holder = this.inTurn.getStore();
    if (holder !== undefined) {
      return Promise.reject(
        new Error(
          `PGlite: schema ${schema} queried through its handle while a ${holder} transaction runs; inside transaction(fn) use fn's tx`,
        ),
      );
    }
    const run = async () => {
      if (this.currentSchema !== schema) {
        this.currentSchema = undefined;
        await this.pglite.query(`SET search_path TO ${schema}`);
        this.currentSchema = schema;
      }
      return this.inTurn.run(schema, work);
    };
    const result = this.tail.then(run);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

async function runQuery<R extends Row>(
  target: Queryable,
  sql: string,
  params: readonly SqlParam[] = [],
): Promise<SqlResult<R>> {
  const result: Results<R> = await target.query<R>(sql, [...params]);
  return { rows: result.rows, rowCount: rowCountOf(result) };
}

async function runExec(target: Queryable, sql: string): Promise<void> {
  await target.exec(sql);
}

function transactionSession(tx: Transaction): SqlSession {
  return {
    query: (sql, params) => runQuery(tx, sql, params),
    exec: (sql) => runExec(tx, sql),
  };
}

/** PGlite reports affected rows for writes; a SELECT's count is its rows. */
function rowCountOf(result: Results<Row>): number {
  return result.command === 'SELECT' || result.affectedRows === undefined
    ? result.rows.length
    : result.affectedRows;
}

import pg from 'pg';
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

export interface PostgresDatabaseOptions {
  /** `postgres://user[:password]@host:port/database` */
  url: string;
  /** Prepended to every schema name (tests use a unique one per run); empty in the product. */
  schemaPrefix?: string;
  /** Connections per service pool. */
  poolSize?: number;
}

/** BIGINT as a checked JS number; every other type as pg parses it by default. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/**
 * PostgreSQL behind the same interface: one pool per service, each connection started with
 * `search_path=<schema>` (the `options` startup parameter), so services run the same
 * unqualified SQL as on PGlite. Checks the server answers before returning.
 */
export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const location = redact(options.url);
  const probe = new pg.Client({ connectionString: options.url });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (error) {
    throw new DatabaseOpenError(
      `demo-system: cannot reach PostgreSQL at ${location} (DATABASE_URL): ${(error as Error).message}`,
    );
  } finally {
    await probe.end().catch(() => undefined);
  }
  return new PostgresDatabase(options, location);
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  private readonly pools: pg.Pool[] = [];
  private readonly handles = new Map<string, Promise<ServiceDb>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: PostgresDatabaseOptions,
    readonly location: string,
  ) {}

  openSchema(definition: SchemaDefinition): Promise<ServiceDb> {
    if (this.closing) return Promise.reject(new Error(`database ${this.location} is closed`));
    const existing = this.handles.get(definition.name);
    if (existing) return existing;
    const opening = (async () => {
      const schema = schemaName(this.options.schemaPrefix ?? '', definition.name);
      const handle = handleFor(schema, this.poolFor(schema));
      try {
        await applyMigrations((fn) => handle.transaction(fn), schema, definition.migrations);
      } catch (error) {
        if (error instanceof DatabaseOpenError) throw error;
        throw new DatabaseOpenError(
          `demo-system: cannot open schema ${schema} on ${this.location}: ${(error as Error).message}`,
        );
      }
      return handle;
    })();
    this.handles.set(definition.name, opening);
    opening.catch(() => this.handles.delete(definition.name));
    return opening;
  }

  close(): Promise<void> {
    this.closing ??= Promise.all(this.pools.map((pool) => pool.end())).then(() => undefined);
    return this.closing;
  }

  private poolFor(schema: string): pg.Pool {
    const pool = new pg.Pool({
      connectionString: this.options.url,
      max: this.options.poolSize ?? 5,
      options: `-c search_path=${schema}`,
      application_name: `patternscope:${schema}`,
      types,
    });
    // An idle connection the server drops emits 'error' on the pool; unhandled, it would
    // crash the process. The next query simply opens a new connection.
    pool.on('error', (error) => {
      console.error(`demo-system: idle PostgreSQL connection of ${schema} failed:`, error.message);
    });
    this.pools.push(pool);
    return pool;
  }
}

function handleFor(schema: string, pool: pg.Pool): ServiceDb {
  return {
    schema,
    query: (sql, params) => runQuery(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      let ended = false;
      let broken: Error | undefined;
      const guard = () => {
        if (ended) throw new Error(`schema ${schema}: transaction already ended`);
        return client;
      };
      const tx: SqlSession = {
        query: (sql, params) => runQuery(guard(), sql, params),
        exec: async (sql) => {
          await guard().query(sql);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        ended = true;
        // A connection that could not roll back is destroyed, not reused.
        client.release(broken);
      }
    },
  };
}

async function runQuery<R extends Row>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly SqlParam[] = [],
): Promise<SqlResult<R>> {
  const result = await target.query<R>(sql, [...params]);
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

import { join } from 'node:path';
import type { Database } from './database';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

export interface OpenDatabaseOptions {
  /** DEMO_DATA_DIR: PGlite lives in `<dataDir>/pglite`. */
  dataDir: string;
  /** DATABASE_URL: when set, PostgreSQL is used and `dataDir` is not touched. */
  databaseUrl?: string;
  /** Prepended to every schema name (tests); empty in the product. */
  schemaPrefix?: string;
}

/** PostgreSQL when a URL is given, otherwise the embedded PGlite under the data folder. */
export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const schemaPrefix = options.schemaPrefix ?? '';
  return options.databaseUrl
    ? openPostgresDatabase({ url: options.databaseUrl, schemaPrefix })
    : openPgliteDatabase({ dir: join(options.dataDir, 'pglite'), schemaPrefix });
}

/** The database layer: see database.ts for the interface, ADR 0004 for the decision. */
export {
  type Database,
  DatabaseOpenError,
  type Migration,
  type Row,
  type SchemaDefinition,
  type ServiceDb,
  type SqlParam,
  type SqlResult,
  type SqlSession,
} from './database';
export { type OpenDatabaseOptions, openDatabase } from './open-database';

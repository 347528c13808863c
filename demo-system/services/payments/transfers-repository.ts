import type { Transfer } from './transfer';

/**
 * Storage seam of the payments service. `SqlTransfersRepository` implements it on the
 * service's own schema (PGlite or PostgreSQL).
 */
export interface TransfersRepository {
  /** Inserts the transfer, or records the new status and reason of a known one. */
  save(transfer: Transfer): Promise<void>;
  find(id: string): Promise<Transfer | undefined>;
}

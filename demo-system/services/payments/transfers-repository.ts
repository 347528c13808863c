import type { Transfer } from './transfer';

/**
 * Storage seam of the payments service. In memory today; a PGlite/PostgreSQL implementation
 * replaces it in a later issue behind the same interface.
 */
export interface TransfersRepository {
  save(transfer: Transfer): Promise<void>;
  find(id: string): Promise<Transfer | undefined>;
}

export class InMemoryTransfersRepository implements TransfersRepository {
  private readonly transfers = new Map<string, Transfer>();

  async save(transfer: Transfer): Promise<void> {
    this.transfers.set(transfer.id, { ...transfer });
  }

  async find(id: string): Promise<Transfer | undefined> {
    const transfer = this.transfers.get(id);
    return transfer ? { ...transfer } : undefined;
  }
}

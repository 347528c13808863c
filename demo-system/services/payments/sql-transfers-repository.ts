import type { ServiceDb } from '../../platform/db';
import type { Transfer, TransferStatus } from './transfer';
import type { TransfersRepository } from './transfers-repository';

interface TransferRow {
  [column: string]: unknown;
  id: string;
  from_account_id: string;
  to_account_id: string;
  amount_cents: number;
  status: TransferStatus;
  reason: string | null;
  created_at: Date;
}

/**
 * TransfersRepository on SQL (PGlite or PostgreSQL), in the payments schema. `save` inserts a
 * transfer or, for a known id, records its new status and reason (the parties, the amount and
 * the creation time of a transfer never change).
 */
export class SqlTransfersRepository implements TransfersRepository {
  constructor(private readonly db: ServiceDb) {}

  async save(transfer: Transfer): Promise<void> {
    await this.db.query(
      `INSERT INTO transfers (id, from_account_id, to_account_id, amount_cents, status, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE
         SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now()`,
      [
        transfer.id,
        transfer.fromAccountId,
        transfer.toAccountId,
        transfer.amountCents,
        transfer.status,
        transfer.reason ?? null,
        transfer.createdAt,
      ],
    );
  }

  async find(id: string): Promise<Transfer | undefined> {
    const { rows } = await this.db.query<TransferRow>(
      `SELECT id, from_account_id, to_account_id, amount_cents, status, reason, created_at
       FROM transfers WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      fromAccountId: row.from_account_id,
      toAccountId: row.to_account_id,
      amountCents: row.amount_cents,
      status: row.status,
      ...(row.reason === null ? {} : { reason: row.reason }),
      createdAt: row.created_at.toISOString(),
    };
  }
}

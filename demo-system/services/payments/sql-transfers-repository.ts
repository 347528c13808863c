import type { ServiceDb } from '../../platform/db';
import type { Transfer, TransferStatus } from './transfer';
import type { ClaimedTransfer, TransfersRepository } from './transfers-repository';

interface TransferRow {
  [column: string]: unknown;
  id: string;
  from_account_id: string;
  to_account_id: string | null;
  payee_iban: string | null;
  payee_name: string | null;
  amount_cents: number;
  status: TransferStatus;
  reason: string | null;
  created_at: Date;
  customer_id: string | null;
  notification: 'pending' | 'sent' | null;
  attempts: number;
}

const COLUMNS = `id, from_account_id, to_account_id, payee_iban, payee_name, amount_cents, status,
  reason, created_at, customer_id, notification, attempts`;

/**
 * TransfersRepository on SQL (PGlite or PostgreSQL), in the payments schema. `save` inserts a
 * transfer or, for a known id, records its new status and reason (the parties, the amount and
 * the creation time of a transfer never change).
 */
export class SqlTransfersRepository implements TransfersRepository {
  constructor(private readonly db: ServiceDb) {}

  async save(transfer: Transfer): Promise<void> {
    await this.db.query(
      `INSERT INTO transfers (id, from_account_id, to_account_id, payee_iban, payee_name,
         amount_cents, status, reason, created_at, customer_id, notification)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE
         SET status = EXCLUDED.status, reason = EXCLUDED.reason,
             notification = COALESCE(EXCLUDED.notification, transfers.notification),
             next_attempt_at = NULL, updated_at = now()`,
      [
        transfer.id,
        transfer.fromAccountId,
        transfer.toAccountId ?? null,
        transfer.toExternal?.iban ?? null,
        transfer.toExternal?.name ?? null,
        transfer.amountCents,
        transfer.status,
        transfer.reason ?? null,
        transfer.createdAt,
        transfer.customerId ?? null,
        transfer.notification ?? null,
      ],
    );
  }

  async find(id: string): Promise<Transfer | undefined> {
    const { rows } = await this.db.query<TransferRow>(
      `SELECT ${COLUMNS} FROM transfers WHERE id = $1`,
      [id],
    );
    return rows[0] ? toTransfer(rows[0]) : undefined;
  }

  async hold(id: string, reason: string, nextAttemptAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE transfers SET status = 'held', reason = $2, attempts = attempts + 1,
         next_attempt_at = $3, updated_at = now() WHERE id = $1`,
      [id, reason, nextAttemptAt],
    );
  }

  async claimDue(
    leaseMs: number,
    stalePendingMs: number,
    limit: number,
  ): Promise<ClaimedTransfer[]> {
    const { rows } = await this.db.query<TransferRow>(
      `UPDATE transfers SET next_attempt_at = now() + make_interval(secs => $1), updated_at = now()
       WHERE id IN (
         SELECT id FROM transfers
         WHERE (status = 'held' AND next_attempt_at <= now())
            OR (status = 'pending' AND payee_iban IS NOT NULL
                AND updated_at <= now() - make_interval(secs => $2))
         ORDER BY next_attempt_at NULLS FIRST LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [leaseMs / 1000, stalePendingMs / 1000, limit],
    );
    return rows.map((row) => ({ transfer: toTransfer(row), attempts: row.attempts }));
  }

  async setNotification(id: string, status: 'pending' | 'sent'): Promise<void> {
    await this.db.query(
      'UPDATE transfers SET notification = $2, updated_at = now() WHERE id = $1',
      [id, status],
    );
  }

  async pendingNotifications(limit: number): Promise<Transfer[]> {
    const { rows } = await this.db.query<TransferRow>(
      `SELECT ${COLUMNS} FROM transfers WHERE notification = 'pending'
       ORDER BY updated_at LIMIT $1`,
      [limit],
    );
    return rows.map(toTransfer);
  }
}

function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id,
    fromAccountId: row.from_account_id,
    ...(row.to_account_id === null ? {} : { toAccountId: row.to_account_id }),
    ...(row.payee_iban === null
      ? {}
      : { toExternal: { iban: row.payee_iban, name: row.payee_name ?? '' } }),
    amountCents: row.amount_cents,
    status: row.status,
    ...(row.reason === null ? {} : { reason: row.reason }),
    createdAt: row.created_at.toISOString(),
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    ...(row.notification === null ? {} : { notification: row.notification }),
  };
}

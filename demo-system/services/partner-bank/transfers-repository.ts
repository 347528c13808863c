import type { ServiceDb } from '../../platform/db';
import type { ExternalTransferRequest, PayeeRefusal } from './payee-rules';

export interface ExternalTransfer extends ExternalTransferRequest {
  id: string;
  idempotencyKey: string;
  status: 'accepted' | 'refused';
  error?: PayeeRefusal;
  createdAt: string;
}

interface Row {
  [column: string]: unknown;
  idempotency_key: string;
  id: string;
  payee_iban: string;
  payee_name: string;
  amount_cents: number;
  currency: string;
  status: 'accepted' | 'refused';
  error: PayeeRefusal | null;
  created_at: Date;
}

const COLUMNS =
  'idempotency_key, id, payee_iban, payee_name, amount_cents, currency, status, error, created_at';

/** partner-bank's transfers, one per Idempotency-Key (the first outcome wins a race). */
export class ExternalTransfersRepository {
  constructor(private readonly db: ServiceDb) {}

  /** Records `transfer` unless its key is known; returns the recorded one and whether it is new. */
  async record(
    transfer: ExternalTransfer,
  ): Promise<{ transfer: ExternalTransfer; created: boolean }> {
    const inserted = await this.db.query<Row>(
      `INSERT INTO external_transfers (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
      [
        transfer.idempotencyKey,
        transfer.id,
        transfer.payee.iban,
        transfer.payee.name,
        transfer.amountCents,
        transfer.currency,
        transfer.status,
        transfer.error ?? null,
        transfer.createdAt,
      ],
    );
    if (inserted.rows[0]) return { transfer: toTransfer(inserted.rows[0]), created: true };
    const existing = await this.findByKey(transfer.idempotencyKey);
    if (!existing) throw new Error(`external transfer ${transfer.idempotencyKey} vanished`);
    return { transfer: existing, created: false };
  }

  async findByKey(key: string): Promise<ExternalTransfer | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM external_transfers WHERE idempotency_key = $1`,
      [key],
    );
    return rows[0] ? toTransfer(rows[0]) : undefined;
  }

  async find(id: string): Promise<ExternalTransfer | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM external_transfers WHERE id = $1`,
      [id],
    );
    return rows[0] ? toTransfer(rows[0]) : undefined;
  }

  /** Total accepted, in cents (for tests and the money invariant). */
  async acceptedTotalCents(): Promise<number> {
    const { rows } = await this.db.query<{ total: number | null }>(
      `SELECT COALESCE(SUM(amount_cents), 0)::bigint AS total FROM external_transfers WHERE status = 'accepted'`,
    );
    return Number(rows[0]?.total ?? 0);
  }
}

function toTransfer(row: Row): ExternalTransfer {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    payee: { iban: row.payee_iban, name: row.payee_name },
    amountCents: row.amount_cents,
    currency: row.currency,
    status: row.status,
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.created_at.toISOString(),
  };
}

import type { ServiceDb, SqlSession } from '../../platform/db';
import type { ExternalTransferRequest, PayeeRefusal } from './payee-rules';

export interface ExternalTransfer extends ExternalTransferRequest {
  id: string;
  idempotencyKey: string;
  status: 'accepted' | 'refused';
  error?: PayeeRefusal | 'order_reversed';
  createdAt: string;
  /** When an accepted order was reversed. */
  reversedAt?: string;
}

export interface Reversal {
  idempotencyKey: string;
  /** The order reversed, when partner-bank had received it. */
  transfer: ExternalTransfer | undefined;
  /** Whether this reversal undid an accepted order (false: refused or never received). */
  reversed: boolean;
  /** False when the key had been reversed before (a replay). */
  created: boolean;
}

export interface PartnerBankAudit {
  acceptedCount: number;
  acceptedCents: number;
  reversedCount: number;
  reversedCents: number;
}

/** First key of the two-int advisory lock taken per Idempotency-Key: "PBRV". */
const KEY_LOCK = 0x50425256;

interface Row {
  [column: string]: unknown;
  idempotency_key: string;
  id: string;
  payee_iban: string;
  payee_name: string;
  amount_cents: number;
  currency: string;
  status: 'accepted' | 'refused';
  error: ExternalTransfer['error'] | null;
  created_at: Date;
  reversed_at: Date | null;
}

const INSERT_COLUMNS =
  'idempotency_key, id, payee_iban, payee_name, amount_cents, currency, status, error, created_at';
const COLUMNS = `${INSERT_COLUMNS}, reversed_at`;

/** partner-bank's transfers, one per Idempotency-Key (the first outcome wins a race). */
export class ExternalTransfersRepository {
  constructor(private readonly db: ServiceDb) {}

  /**
   * Records `transfer` unless its key is known; returns the recorded one and whether it is new.
   * An order whose key was reversed before it arrived is recorded refused (`order_reversed`).
   */
  async record(
    transfer: ExternalTransfer,
  ): Promise<{ transfer: ExternalTransfer; created: boolean }> {
    return this.db.transaction(async (tx) => {
      await lockKey(tx, transfer.idempotencyKey);
      const existing = await findByKey(tx, transfer.idempotencyKey);
      if (existing) return { transfer: existing, created: false };
      const reversed = await tx.query('SELECT 1 FROM reversals WHERE idempotency_key = $1', [
        transfer.idempotencyKey,
      ]);
      const recorded: ExternalTransfer =
        reversed.rowCount > 0
          ? { ...transfer, status: 'refused', error: 'order_reversed' }
          : transfer;
      const inserted = await tx.query<Row>(
        `INSERT INTO external_transfers (${INSERT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        rowOf(recorded),
      );
      return { transfer: toTransfer(one(inserted.rows)), created: true };
    });
  }

  /**
   * Reverses the order of `key` (idempotent): an accepted order is marked reversed; a key
   * never received is remembered so its order is refused if it comes later.
   */
  async reverse(key: string): Promise<Reversal> {
    return this.db.transaction(async (tx) => {
      await lockKey(tx, key);
      const inserted = await tx.query(
        `INSERT INTO reversals (idempotency_key) VALUES ($1)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [key],
      );
      const created = inserted.rowCount > 0;
      await tx.query(
        `UPDATE external_transfers SET reversed_at = now()
         WHERE idempotency_key = $1 AND status = 'accepted' AND reversed_at IS NULL`,
        [key],
      );
      const transfer = await findByKey(tx, key);
      return {
        idempotencyKey: key,
        transfer,
        reversed: transfer?.status === 'accepted' && transfer.reversedAt !== undefined,
        created,
      };
    });
  }

  /** Orders by Idempotency-Key: accepted (reversed ones included) and reversed, one snapshot. */
  async audit(): Promise<PartnerBankAudit> {
    const { rows } = await this.db.query<{
      accepted_count: number;
      accepted_cents: number;
      reversed_count: number;
      reversed_cents: number;
    }>(
      `SELECT count(*)::int AS accepted_count,
         COALESCE(SUM(amount_cents), 0)::bigint AS accepted_cents,
         (count(*) FILTER (WHERE reversed_at IS NOT NULL))::int AS reversed_count,
         COALESCE(SUM(amount_cents) FILTER (WHERE reversed_at IS NOT NULL), 0)::bigint
           AS reversed_cents
       FROM external_transfers WHERE status = 'accepted'`,
    );
    const row = one(rows);
    return {
      acceptedCount: row.accepted_count,
      acceptedCents: Number(row.accepted_cents),
      reversedCount: row.reversed_count,
      reversedCents: Number(row.reversed_cents),
    };
  }

  async findByKey(key: string): Promise<ExternalTransfer | undefined> {
    return findByKey(this.db, key);
  }

  async find(id: string): Promise<ExternalTransfer | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM external_transfers WHERE id = $1`,
      [id],
    );
    return rows[0] ? toTransfer(rows[0]) : undefined;
  }

  /** Total accepted and not reversed, in cents (for tests and the money invariant). */
  async acceptedTotalCents(): Promise<number> {
    const { rows } = await this.db.query<{ total: number | null }>(
      `SELECT COALESCE(SUM(amount_cents), 0)::bigint AS total FROM external_transfers
       WHERE status = 'accepted' AND reversed_at IS NULL`,
    );
    return Number(rows[0]?.total ?? 0);
  }
}

async function lockKey(tx: SqlSession, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [KEY_LOCK, key]);
}

async function findByKey(db: SqlSession, key: string): Promise<ExternalTransfer | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM external_transfers WHERE idempotency_key = $1`,
    [key],
  );
  return rows[0] ? toTransfer(rows[0]) : undefined;
}

function one<R>(rows: R[]): R {
  const row = rows[0];
  if (!row) throw new Error('the statement returned no row');
  return row;
}

function rowOf(transfer: ExternalTransfer) {
  return [
    transfer.idempotencyKey,
    transfer.id,
    transfer.payee.iban,
    transfer.payee.name,
    transfer.amountCents,
    transfer.currency,
    transfer.status,
    transfer.error ?? null,
    transfer.createdAt,
  ];
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
    ...(row.reversed_at ? { reversedAt: row.reversed_at.toISOString() } : {}),
  };
}

import type { ServiceDb } from '../../platform/db';
import type { SagaStatus } from './saga-state';
import type { Transfer, TransferSagaView, TransferStatus } from './transfer';

/**
 * Reads of payments' records: a transfer with its saga (the API's answer), what a customer
 * sent in the last 24 h (the check step), and the audit snapshot (the money invariant).
 */
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
  saga_name: TransferSagaView['name'] | null;
  saga_status: SagaStatus | null;
  saga_step: string | null;
  saga_compensations: string[] | null;
}

export interface PaymentsAudit {
  sagas: Partial<Record<SagaStatus, number>>;
  nonTerminal: Array<{
    id: string;
    status: SagaStatus;
    step: string;
    startedAt: string;
    updatedAt: string;
  }>;
  /** External transfers partner-bank accepted (and that were therefore never reversed). */
  externalPaid: Array<{ transferId: string; amountCents: number }>;
}

export class SqlTransfers {
  constructor(private readonly db: ServiceDb) {}

  async find(id: string): Promise<Transfer | undefined> {
    const { rows } = await this.db.query<TransferRow>(
      `SELECT t.id, t.from_account_id, t.to_account_id, t.payee_iban, t.payee_name,
         t.amount_cents, t.status, t.reason, t.created_at, t.customer_id,
         s.name AS saga_name, s.status AS saga_status, s.step AS saga_step,
         s.compensations AS saga_compensations
       FROM transfers t LEFT JOIN sagas s ON s.id = t.id WHERE t.id = $1`,
      [id],
    );
    return rows[0] ? toTransfer(rows[0]) : undefined;
  }

  /**
   * What the spender (`customer:<id>` or `account:<id>`, see transfer-checks.ts) sent since
   * `hours` ago, `excludingId` left out; rejected and failed transfers do not count.
   */
  async sentSinceCents(spender: string, excludingId: string, hours = 24): Promise<number> {
    const { rows } = await this.db.query<{ total: number }>(
      `SELECT COALESCE(SUM(amount_cents), 0)::bigint AS total FROM transfers
       WHERE COALESCE('customer:' || customer_id, 'account:' || from_account_id) = $1
         AND created_at > now() - make_interval(hours => $2)
         AND id <> $3 AND status IN ('pending', 'held', 'completed')`,
      [spender, hours, excludingId],
    );
    return Number(rows[0]?.total ?? 0);
  }

  /** One statement, so one snapshot: counts by status, the sagas not ended, external payouts. */
  async audit(): Promise<PaymentsAudit> {
    const { rows } = await this.db.query<{
      sagas: Record<string, number> | null;
      non_terminal: Array<{
        id: string;
        status: SagaStatus;
        step: string;
        startedAt: string;
        updatedAt: string;
      }> | null;
      external_paid: Array<{ transferId: string; amountCents: number }> | null;
    }>(
      `SELECT
         (SELECT json_object_agg(status, n) FROM
            (SELECT status, count(*)::int AS n FROM sagas GROUP BY status) counts) AS sagas,
         (SELECT json_agg(json_build_object('id', id, 'status', status, 'step', step,
            'startedAt', started_at, 'updatedAt', updated_at) ORDER BY started_at)
          FROM sagas WHERE status IN ('running', 'compensating')) AS non_terminal,
         (SELECT json_agg(json_build_object('transferId', id,
            'amountCents', (data->>'amountCents')::bigint) ORDER BY started_at)
          FROM sagas WHERE name = 'external_transfer'
            AND steps->'send_external'->>'outcome' = 'accepted'
            AND NOT compensations @> '["reverse"]'::jsonb) AS external_paid`,
    );
    const row = rows[0];
    return {
      sagas: row?.sagas ?? {},
      nonTerminal: (row?.non_terminal ?? []).map((saga) => ({
        ...saga,
        startedAt: new Date(saga.startedAt).toISOString(),
        updatedAt: new Date(saga.updatedAt).toISOString(),
      })),
      externalPaid: (row?.external_paid ?? []).map((paid) => ({
        transferId: paid.transferId,
        amountCents: Number(paid.amountCents),
      })),
    };
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
    ...(row.saga_name === null || row.saga_status === null
      ? {}
      : {
          saga: {
            name: row.saga_name,
            status: row.saga_status,
            step: row.saga_step ?? '',
            compensations: row.saga_compensations ?? [],
          },
        }),
  };
}

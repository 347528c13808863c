import type { ServiceDb } from '../../platform/db';
import type { Loan, LoanStatus } from './loan';

interface Row {
  [column: string]: unknown;
  id: string;
  customer_id: string;
  account_id: string;
  principal_cents: number;
  currency: string;
  term_months: number;
  apr_bps: number;
  monthly_payment_cents: number;
  status: LoanStatus;
  reason: string | null;
  created_at: Date;
  disbursed_at: Date | null;
}

const COLUMNS = `id, customer_id, account_id, principal_cents, currency, term_months, apr_bps,
  monthly_payment_cents, status, reason, created_at, disbursed_at`;

/** Loans on SQL. Status moves only forward: approved → disbursed | cancelled. */
export class LoansRepository {
  constructor(private readonly db: ServiceDb) {}

  async insert(loan: Loan): Promise<void> {
    await this.db.query(
      `INSERT INTO loans (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        loan.id,
        loan.customerId,
        loan.accountId,
        loan.principalCents,
        loan.currency,
        loan.termMonths,
        loan.aprBps,
        loan.monthlyPaymentCents,
        loan.status,
        loan.reason ?? null,
        loan.createdAt,
        loan.disbursedAt ?? null,
      ],
    );
  }

  async find(id: string): Promise<Loan | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM loans WHERE id = $1`, [id]);
    return rows[0] ? toLoan(rows[0]) : undefined;
  }

  async ofCustomer(customerId: string): Promise<Loan[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM loans WHERE customer_id = $1 ORDER BY created_at, id`,
      [customerId],
    );
    return rows.map(toLoan);
  }

  /** Principal the customer owes or is about to receive (approved and disbursed loans). */
  async outstandingCents(customerId: string): Promise<number> {
    const { rows } = await this.db.query<{ total: number }>(
      `SELECT COALESCE(SUM(principal_cents), 0)::bigint AS total FROM loans
       WHERE customer_id = $1 AND status IN ('approved', 'disbursed')`,
      [customerId],
    );
    return Number(rows[0]?.total ?? 0);
  }

  /** Approved loans whose disbursement is unconfirmed and untouched for `olderThanMs`. */
  async undisbursed(olderThanMs: number, limit: number): Promise<Loan[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM loans WHERE status = 'approved'
       AND updated_at <= now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map(toLoan);
  }

  /** approved → disbursed (a repeat on a disbursed loan changes nothing). */
  async markDisbursed(id: string, at: string): Promise<Loan | undefined> {
    await this.db.query(
      `UPDATE loans SET status = 'disbursed', reason = NULL, disbursed_at = $2, updated_at = now()
       WHERE id = $1 AND status = 'approved'`,
      [id, at],
    );
    return this.find(id);
  }

  /** approved → cancelled, when the account definitely refused the credit. */
  async markCancelled(id: string, reason: string): Promise<Loan | undefined> {
    await this.db.query(
      `UPDATE loans SET status = 'cancelled', reason = $2, updated_at = now()
       WHERE id = $1 AND status = 'approved'`,
      [id, reason],
    );
    return this.find(id);
  }

  /** Records that a disbursement attempt left the outcome unknown (for the sweeper's wait). */
  async touch(id: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE loans SET reason = $2, updated_at = now() WHERE id = $1 AND status = 'approved'`,
      [id, reason],
    );
  }
}

function toLoan(row: Row): Loan {
  return {
    id: row.id,
    customerId: row.customer_id,
    accountId: row.account_id,
    principalCents: row.principal_cents,
    currency: row.currency,
    termMonths: row.term_months,
    aprBps: row.apr_bps,
    monthlyPaymentCents: row.monthly_payment_cents,
    status: row.status,
    ...(row.reason === null ? {} : { reason: row.reason }),
    createdAt: row.created_at.toISOString(),
    ...(row.disbursed_at ? { disbursedAt: row.disbursed_at.toISOString() } : {}),
  };
}

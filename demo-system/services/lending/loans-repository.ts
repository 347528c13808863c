import type { ServiceDb, SqlSession } from '../../platform/db';
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

/** What the audit endpoint reports (the money invariant's view of lending). */
export interface LendingAudit {
  nonTerminal: Array<{ loanId: string; status: LoanStatus; updatedAt: string }>;
  disbursedCents: number;
}

/**
 * Loans on SQL. Status moves forward: approved → disbursed | cancelled, and cancelled →
 * disbursed when the ledger's credit turns out to have happened (loan-saga.ts). The writes the
 * saga makes take the caller's transaction, so the outbox row commits with them.
 */
export class LoansRepository {
  constructor(private readonly db: ServiceDb) {}

  /** Inserts `loan` (with `tx`: inside the caller's transaction). */
  async insert(loan: Loan, tx: SqlSession = this.db): Promise<void> {
    await tx.query(
      `INSERT INTO loans (${COLUMNS}, approval_published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
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
        loan.status === 'approved' ? loan.createdAt : null,
      ],
    );
  }

  async find(id: string, tx: SqlSession = this.db): Promise<Loan | undefined> {
    const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM loans WHERE id = $1`, [id]);
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

  /**
   * approved (or cancelled) → disbursed. Returns the status the loan had, or undefined when
   * nothing changed (unknown loan, already disbursed, rejected).
   */
  async markDisbursed(tx: SqlSession, id: string, at: string): Promise<LoanStatus | undefined> {
    const { rows } = await tx.query<{ status: LoanStatus }>(
      'SELECT status FROM loans WHERE id = $1 FOR UPDATE',
      [id],
    );
    const previous = rows[0]?.status;
    if (previous !== 'approved' && previous !== 'cancelled') return undefined;
    await tx.query(
      `UPDATE loans SET status = 'disbursed', disbursed_at = $2, updated_at = now(),
         reason = CASE WHEN status = 'cancelled' THEN 'disbursed_after_cancellation' END
       WHERE id = $1`,
      [id, at],
    );
    return previous;
  }

  /** approved → cancelled with `reason`; the loan when it changed, else undefined. */
  async markCancelled(tx: SqlSession, id: string, reason: string): Promise<Loan | undefined> {
    const { rows } = await tx.query<Row>(
      `UPDATE loans SET status = 'cancelled', reason = $2, updated_at = now()
       WHERE id = $1 AND status = 'approved' RETURNING ${COLUMNS}`,
      [id, reason],
    );
    return rows[0] ? toLoan(rows[0]) : undefined;
  }

  /** Approved loans decided at least `olderThanMs` ago (past the saga's cancel deadline). */
  async approvedSince(olderThanMs: number, limit: number): Promise<Loan[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM loans WHERE status = 'approved'
       AND created_at <= now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map(toLoan);
  }

  /** Approved loans whose `loan.approved` went out at least `olderThanMs` ago. */
  async approvalUnanswered(olderThanMs: number, limit: number): Promise<Loan[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM loans WHERE status = 'approved'
       AND COALESCE(approval_published_at, created_at) <= now() - make_interval(secs => $1)
       ORDER BY created_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map(toLoan);
  }

  /** Records that `loan.approved` is published again; false when the loan is no longer approved. */
  async noteApprovalRepublished(tx: SqlSession, id: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE loans SET approval_published_at = now(),
         approval_publications = approval_publications + 1, updated_at = now()
       WHERE id = $1 AND status = 'approved'`,
      [id],
    );
    return rowCount > 0;
  }

  /** One snapshot: loans still in flight, and the principal paid out. */
  async audit(): Promise<LendingAudit> {
    return this.db.transaction(async (tx) => {
      const open = await tx.query<{ id: string; status: LoanStatus; updated_at: Date }>(
        `SELECT id, status, updated_at FROM loans WHERE status = 'approved' ORDER BY created_at`,
      );
      const paid = await tx.query<{ total: number }>(
        `SELECT COALESCE(SUM(principal_cents), 0)::bigint AS total FROM loans
         WHERE status = 'disbursed'`,
      );
      return {
        nonTerminal: open.rows.map((row) => ({
          loanId: row.id,
          status: row.status,
          updatedAt: row.updated_at.toISOString(),
        })),
        disbursedCents: Number(paid.rows[0]?.total ?? 0),
      };
    });
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

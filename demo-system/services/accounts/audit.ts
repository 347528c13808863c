import type { ServiceDb } from '../../platform/db';

/**
 * GET /audit, for the platform's money invariant: figures of the write side (the `accounts`
 * snapshot and the reference index) plus the read model's total and the positions, all from
 * ONE snapshot (a REPEATABLE READ, READ ONLY transaction: every query sees the same commits).
 *
 * - flows: applied debits and credits grouped by the reference's first segment (`transfer`,
 *   `loan`, `order`, ...);
 * - openFlows: flows (a reference's first two segments, `transfer:trf_1`) whose debits minus
 *   credits is not zero, e.g. a transfer debited but not (yet) credited or refunded;
 * - readModel: the `balances` read model's total and its checkpoint, to compare with the
 *   write side (equal when the projection has caught up with eventStore.position).
 */
export interface AccountsAudit {
  accountCount: number;
  totalBalanceCents: number;
  negativeBalanceAccounts: string[];
  depositedCents: number;
  flows: Record<string, { debitedCents: number; creditedCents: number }>;
  openFlows: Array<{ flow: string; netDebitedCents: number }>;
  readModel: { totalBalanceCents: number; position: number };
  eventStore: { position: number };
}

/** A reference's first two `:` segments (or the whole reference when it has one). */
const FLOW = `substring(reference from '^[^:]*(?::[^:]*)?')`;

export function readAudit(db: ServiceDb): Promise<AccountsAudit> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const totals = await tx.query<{ count: number; total: number }>(
      'SELECT count(*) AS count, coalesce(sum(balance_cents), 0)::bigint AS total FROM accounts',
    );
    const negative = await tx.query<{ id: string }>(
      'SELECT id FROM accounts WHERE balance_cents < 0 ORDER BY id',
    );
    const deposited = await tx.query<{ total: number }>(
      `SELECT coalesce(sum(amount_cents), 0)::bigint AS total FROM ledger_entries
       WHERE status = 'applied' AND kind = 'deposit'`,
    );
    const flows = await tx.query<{ prefix: string; debited: number; credited: number }>(
      `SELECT split_part(reference, ':', 1) AS prefix,
         coalesce(sum(amount_cents) FILTER (WHERE kind = 'debit'), 0)::bigint AS debited,
         coalesce(sum(amount_cents) FILTER (WHERE kind = 'credit'), 0)::bigint AS credited
       FROM ledger_entries WHERE status = 'applied' AND kind IN ('debit', 'credit')
       GROUP BY 1 ORDER BY 1`,
    );
    const open = await tx.query<{ flow: string; net: number }>(
      `SELECT ${FLOW} AS flow,
         sum(CASE kind WHEN 'debit' THEN amount_cents ELSE -amount_cents END)::bigint AS net
       FROM ledger_entries WHERE status = 'applied' AND kind IN ('debit', 'credit')
       GROUP BY 1 HAVING sum(CASE kind WHEN 'debit' THEN amount_cents ELSE -amount_cents END) <> 0
       ORDER BY 1`,
    );
    const readModel = await tx.query<{ total: number; position: number }>(
      `SELECT (SELECT coalesce(sum(balance_cents), 0)::bigint FROM balances) AS total,
         (SELECT coalesce(max(position), 0)::bigint FROM projection_checkpoints
          WHERE name = 'balances') AS position`,
    );
    const head = await tx.query<{ position: number }>(
      'SELECT coalesce(max(position), 0)::bigint AS position FROM events',
    );
    return {
      accountCount: Number(totals.rows[0]?.count ?? 0),
      totalBalanceCents: Number(totals.rows[0]?.total ?? 0),
      negativeBalanceAccounts: negative.rows.map((row) => row.id),
      depositedCents: Number(deposited.rows[0]?.total ?? 0),
      flows: Object.fromEntries(
        flows.rows.map((row) => [
          row.prefix,
          { debitedCents: Number(row.debited), creditedCents: Number(row.credited) },
        ]),
      ),
      openFlows: open.rows.map((row) => ({ flow: row.flow, netDebitedCents: Number(row.net) })),
      readModel: {
        totalBalanceCents: Number(readModel.rows[0]?.total ?? 0),
        position: Number(readModel.rows[0]?.position ?? 0),
      },
      eventStore: { position: Number(head.rows[0]?.position ?? 0) },
    };
  });
}

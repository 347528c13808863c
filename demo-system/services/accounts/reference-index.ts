import type { SqlSession } from '../../platform/db';
import type { EntryKind, EntryOutcome, EntryRequest } from './ledger';
import { sameRequest } from './ledger';

/**
 * The reference index (`ledger_entries`): one recorded outcome per reference, across the
 * ledger, written in the same transaction as the events an applied entry appends. A repeated
 * reference answers the recorded outcome; one reused for a different request conflicts.
 */
export type PostEntryResult =
  | { kind: 'recorded'; outcome: EntryOutcome; replayed: boolean }
  | { kind: 'account_not_found' }
  | { kind: 'reference_conflict'; outcome: EntryOutcome };

interface EntryRow {
  [column: string]: unknown;
  reference: string;
  account_id: string;
  kind: EntryKind;
  amount_cents: number;
  status: 'applied' | 'rejected';
  entry_id: string | null;
  currency: string | null;
  balance_after_cents: number | null;
  error: string | null;
}

const ENTRY_COLUMNS =
  'reference, account_id, kind, amount_cents, status, entry_id, currency, balance_after_cents, error';

export async function findOutcome(
  session: SqlSession,
  reference: string,
): Promise<EntryOutcome | undefined> {
  const { rows } = await session.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE reference = $1`,
    [reference],
  );
  return rows[0] ? toOutcome(rows[0]) : undefined;
}

/**
 * Records `outcome` unless its reference is taken. False when a concurrent request with this
 * reference committed first (on PostgreSQL the insert waits for it to end, then skips).
 */
export async function recordOutcome(tx: SqlSession, outcome: EntryOutcome): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO ledger_entries (${ENTRY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (reference) DO NOTHING`,
    [
      outcome.reference,
      outcome.accountId,
      outcome.kind,
      outcome.amountCents,
      outcome.status,
      outcome.status === 'applied' ? outcome.entryId : null,
      outcome.status === 'applied' ? outcome.currency : null,
      outcome.status === 'applied' ? outcome.balanceCents : null,
      outcome.status === 'rejected' ? outcome.error : null,
    ],
  );
  return inserted.rowCount > 0;
}

export function answerFromRecord(recorded: EntryOutcome, request: EntryRequest): PostEntryResult {
  return sameRequest(recorded, request)
    ? { kind: 'recorded', outcome: recorded, replayed: true }
    : { kind: 'reference_conflict', outcome: recorded };
}

function toOutcome(row: EntryRow): EntryOutcome {
  const common = {
    accountId: row.account_id,
    kind: row.kind,
    amountCents: Number(row.amount_cents),
    reference: row.reference,
  };
  if (row.status === 'applied') {
    return {
      status: 'applied',
      entryId: String(row.entry_id),
      ...common,
      currency: String(row.currency),
      balanceCents: Number(row.balance_after_cents),
    };
  }
  if (row.error !== 'insufficient_funds' && row.error !== 'currency_mismatch') {
    throw new Error(`ledger entry ${row.reference} has an unknown error ${row.error}`);
  }
  return { status: 'rejected', ...common, error: row.error };
}

import type { ServiceDb, SqlSession } from '../../platform/db';
import {
  type Account,
  decideEntry,
  type EntryKind,
  type EntryOutcome,
  type EntryRequest,
  sameRequest,
} from './ledger';
import type { AccountsRepository, PostEntryResult } from './repository';

interface AccountRow {
  [column: string]: unknown;
  id: string;
  owner: string;
  customer_id: string | null;
  currency: string;
  balance_cents: number;
}

const ACCOUNT_COLUMNS = 'id, owner, customer_id, currency, balance_cents';

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

/**
 * AccountsRepository on SQL (PGlite or PostgreSQL, same statements), in the accounts schema
 * (see migrations.ts).
 *
 * `postEntry` is one transaction: a known reference answers from the record; otherwise the
 * account row is locked (SELECT ... FOR UPDATE), the pure `decideEntry` rules, the outcome is
 * inserted (`ON CONFLICT (reference) DO NOTHING`) and, if applied, the balance updated. Two
 * concurrent requests with one reference: the second insert waits for the first transaction
 * and then finds the row, so it answers with the recorded outcome and changes nothing.
 */
export class SqlAccountsRepository implements AccountsRepository {
  constructor(private readonly db: ServiceDb) {}

  async createAccount(account: Account): Promise<Account> {
    try {
      const { rows } = await this.db.query<AccountRow>(
        `INSERT INTO accounts (id, owner, customer_id, currency, balance_cents)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${ACCOUNT_COLUMNS}`,
        [
          account.id,
          account.owner,
          account.customerId ?? null,
          account.currency,
          account.balanceCents,
        ],
      );
      return toAccount(single(rows));
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') {
        throw new Error(`account ${account.id} already exists`);
      }
      throw error;
    }
  }

  async findAccount(id: string): Promise<Account | undefined> {
    const { rows } = await this.db.query<AccountRow>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`,
      [id],
    );
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async accountsOfCustomer(customerId: string): Promise<Account[]> {
    const { rows } = await this.db.query<AccountRow>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE customer_id = $1 ORDER BY created_at, id`,
      [customerId],
    );
    return rows.map(toAccount);
  }

  postEntry(request: EntryRequest, newEntryId: () => string): Promise<PostEntryResult> {
    return this.db.transaction(async (tx) => {
      const previous = await findOutcome(tx, request.reference);
      if (previous) return answerFromRecord(previous, request);

      const { rows } = await tx.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1 FOR UPDATE`,
        [request.accountId],
      );
      if (!rows[0]) return { kind: 'account_not_found' };
      const account = toAccount(rows[0]);
      const decision = decideEntry(account, request);
      const outcome: EntryOutcome = decision.ok
        ? {
            status: 'applied',
            entryId: newEntryId(),
            ...base(request),
            currency: account.currency,
            balanceCents: decision.balanceCents,
          }
        : { status: 'rejected', ...base(request), error: decision.error };

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
      if (inserted.rowCount === 0) {
        // A concurrent request with this reference committed first.
        const recorded = await findOutcome(tx, request.reference);
        if (!recorded) throw new Error(`ledger entry ${request.reference} conflicted but is gone`);
        return answerFromRecord(recorded, request);
      }
      if (outcome.status === 'applied') {
        await tx.query('UPDATE accounts SET balance_cents = $2 WHERE id = $1', [
          account.id,
          outcome.balanceCents,
        ]);
      }
      return { kind: 'recorded', outcome, replayed: false };
    });
  }
}

async function findOutcome(tx: SqlSession, reference: string): Promise<EntryOutcome | undefined> {
  const { rows } = await tx.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE reference = $1`,
    [reference],
  );
  return rows[0] ? toOutcome(rows[0]) : undefined;
}

function answerFromRecord(recorded: EntryOutcome, request: EntryRequest): PostEntryResult {
  return sameRequest(recorded, request)
    ? { kind: 'recorded', outcome: recorded, replayed: true }
    : { kind: 'reference_conflict', outcome: recorded };
}

function base(request: EntryRequest) {
  return {
    accountId: request.accountId,
    kind: request.kind,
    amountCents: request.amountCents,
    reference: request.reference,
  };
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    owner: row.owner,
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    currency: row.currency,
    balanceCents: row.balance_cents,
  };
}

function toOutcome(row: EntryRow): EntryOutcome {
  const common = {
    accountId: row.account_id,
    kind: row.kind,
    amountCents: row.amount_cents,
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

function single<T>(rows: T[]): T {
  if (!rows[0]) throw new Error('expected one row, got none');
  return rows[0];
}

import type { SqlSession } from '../../platform/db';
import type { Account, EntryKind } from './ledger';

/**
 * The query side: every read is served from a read model the projections build
 * (projections/*.ts), never from the event store or the write side's snapshot.
 *
 * Trade-off: read models lag the event store (by the time a projection takes to apply an
 * event: milliseconds when running; unbounded while it is paused, slowed or rebuilding). A
 * command's own answer comes from the write side and is always current; a read right after it
 * may not show it yet. server.ts narrows the window for the common case: a read that misses
 * waits briefly for a running `balances` projection to reach the head, and a 404 from a lagging
 * read model says so (`hint`).
 */
export interface StatementEntry {
  entryId: string;
  kind: EntryKind;
  amountCents: number;
  currency: string;
  reference: string;
  /** The account's balance after this entry. */
  balanceAfterCents: number;
  at: string;
  /** The entry's version in the account's stream (the pagination cursor). */
  version: number;
}

export interface StatementPage {
  accountId: string;
  /** Newest first. */
  entries: StatementEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

export interface CustomerOverview {
  customerId: string;
  accountsCount: number;
  /** Total balance per currency, in cents. */
  totalsCents: Record<string, number>;
  lastActivityAt: string | null;
}

interface BalanceRow {
  [column: string]: unknown;
  account_id: string;
  owner: string;
  customer_id: string | null;
  currency: string;
  balance_cents: number;
}

const BALANCE_COLUMNS = 'account_id, owner, customer_id, currency, balance_cents';

export class AccountsReadModels {
  constructor(private readonly db: SqlSession) {}

  async findAccount(id: string): Promise<Account | undefined> {
    const { rows } = await this.db.query<BalanceRow>(
      `SELECT ${BALANCE_COLUMNS} FROM balances WHERE account_id = $1`,
      [id],
    );
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  /** Oldest first (in the order they were opened). */
  async accountsOfCustomer(customerId: string): Promise<Account[]> {
    const { rows } = await this.db.query<BalanceRow>(
      `SELECT ${BALANCE_COLUMNS} FROM balances WHERE customer_id = $1 ORDER BY opened_position`,
      [customerId],
    );
    return rows.map(toAccount);
  }

  async statement(
    accountId: string,
    page: { limit: number; before?: number },
  ): Promise<StatementPage> {
    const { rows } = await this.db.query<{
      entry_id: string;
      kind: EntryKind;
      amount_cents: number;
      currency: string;
      reference: string;
      balance_after_cents: number;
      recorded_at: Date | string;
      version: number;
    }>(
      `SELECT entry_id, kind, amount_cents, currency, reference, balance_after_cents, recorded_at, version
       FROM statements WHERE account_id = $1 AND version < $2
       ORDER BY version DESC LIMIT $3`,
      [accountId, page.before ?? 2_147_483_647, page.limit + 1],
    );
    const entries = rows.slice(0, page.limit).map((row) => ({
      entryId: row.entry_id,
      kind: row.kind,
      amountCents: Number(row.amount_cents),
      currency: row.currency,
      reference: row.reference,
      balanceAfterCents: Number(row.balance_after_cents),
      at: new Date(row.recorded_at).toISOString(),
      version: Number(row.version),
    }));
    const last = entries[entries.length - 1];
    return {
      accountId,
      entries,
      nextBefore: rows.length > page.limit && last ? last.version : null,
    };
  }

  async customerOverview(customerId: string): Promise<CustomerOverview> {
    const { rows } = await this.db.query<{
      currency: string;
      accounts_count: number;
      total_cents: number;
      last_activity_at: Date | string;
    }>(
      `SELECT currency, accounts_count, total_cents, last_activity_at
       FROM customer_overview WHERE customer_id = $1 ORDER BY currency`,
      [customerId],
    );
    const lastActivity = rows.reduce<number | null>((latest, row) => {
      const time = new Date(row.last_activity_at).getTime();
      return latest === null || time > latest ? time : latest;
    }, null);
    return {
      customerId,
      accountsCount: rows.reduce((sum, row) => sum + Number(row.accounts_count), 0),
      totalsCents: Object.fromEntries(rows.map((row) => [row.currency, Number(row.total_cents)])),
      lastActivityAt: lastActivity === null ? null : new Date(lastActivity).toISOString(),
    };
  }
}

function toAccount(row: BalanceRow): Account {
  return {
    id: row.account_id,
    owner: row.owner,
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    currency: row.currency,
    balanceCents: Number(row.balance_cents),
  };
}

import type { Account, EntryOutcome, EntryRequest } from './ledger';

/**
 * Storage seam of the accounts service, implemented on SQL by `SqlAccountsRepository`. Any
 * implementation keeps these guarantees: `postEntry` is atomic per account (row lock) and
 * records exactly one outcome per reference (unique constraint), so retries with the same
 * reference never apply twice.
 */
export interface AccountsRepository {
  createAccount(account: Account): Promise<Account>;
  findAccount(id: string): Promise<Account | undefined>;
  /** The customer's accounts, oldest first (empty for a customer with none). */
  accountsOfCustomer(customerId: string): Promise<Account[]>;
  /**
   * Applies `request` unless its reference was seen before. Returns the outcome and whether
   * it is a replay, `account_not_found`, or `reference_conflict` when the reference was used
   * for a different request.
   */
  postEntry(request: EntryRequest, newEntryId: () => string): Promise<PostEntryResult>;
}

export type PostEntryResult =
  | { kind: 'recorded'; outcome: EntryOutcome; replayed: boolean }
  | { kind: 'account_not_found' }
  | { kind: 'reference_conflict'; outcome: EntryOutcome };

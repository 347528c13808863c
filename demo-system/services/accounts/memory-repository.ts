import {
  type Account,
  decideEntry,
  type EntryOutcome,
  type EntryRequest,
  sameRequest,
} from './ledger';
import type { AccountsRepository, PostEntryResult } from './repository';

/**
 * In-memory AccountsRepository. Every method body is synchronous, so each `postEntry` is
 * atomic on Node's single thread. Lives as long as the service; nothing is persisted.
 */
export class InMemoryAccountsRepository implements AccountsRepository {
  private readonly accounts = new Map<string, Account>();
  private readonly outcomes = new Map<string, EntryOutcome>();

  async createAccount(account: Account): Promise<Account> {
    if (this.accounts.has(account.id)) throw new Error(`account ${account.id} already exists`);
    this.accounts.set(account.id, { ...account });
    return { ...account };
  }

  async findAccount(id: string): Promise<Account | undefined> {
    const account = this.accounts.get(id);
    return account ? { ...account } : undefined;
  }

  async postEntry(request: EntryRequest, newEntryId: () => string): Promise<PostEntryResult> {
    const previous = this.outcomes.get(request.reference);
    if (previous) {
      return sameRequest(previous, request)
        ? { kind: 'recorded', outcome: previous, replayed: true }
        : { kind: 'reference_conflict', outcome: previous };
    }
    const account = this.accounts.get(request.accountId);
    if (!account) return { kind: 'account_not_found' };
    const decision = decideEntry(account, request);
    const base = {
      accountId: request.accountId,
      kind: request.kind,
      amountCents: request.amountCents,
      reference: request.reference,
    };
    let outcome: EntryOutcome;
    if (decision.ok) {
      account.balanceCents = decision.balanceCents;
      outcome = {
        status: 'applied',
        entryId: newEntryId(),
        ...base,
        currency: account.currency,
        balanceCents: decision.balanceCents,
      };
    } else {
      outcome = { status: 'rejected', ...base, error: decision.error };
    }
    this.outcomes.set(request.reference, outcome);
    return { kind: 'recorded', outcome, replayed: false };
  }
}

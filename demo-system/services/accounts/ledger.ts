/**
 * The accounts domain: accounts, ledger entries and the rule that decides an entry. Pure: no
 * I/O, no clock; the repository applies decisions atomically.
 */

export interface Account {
  id: string;
  owner: string;
  /** The customer who opened it (the gateway's `x-customer-id`); absent for direct calls. */
  customerId?: string;
  /** ISO 4217 code, e.g. EUR. */
  currency: string;
  /** Integer minor units (cents). Never negative. */
  balanceCents: number;
}

export type EntryKind = 'deposit' | 'debit' | 'credit';

export interface EntryRequest {
  accountId: string;
  kind: EntryKind;
  amountCents: number;
  /** Idempotency key: one outcome per reference, across the whole ledger. */
  reference: string;
  /** When given, the account must hold this currency. */
  currency?: string;
}

/** The recorded answer to an entry request, replayed verbatim for a repeated reference. */
export type EntryOutcome =
  | {
      status: 'applied';
      entryId: string;
      accountId: string;
      kind: EntryKind;
      amountCents: number;
      reference: string;
      currency: string;
      balanceCents: number;
    }
  | {
      status: 'rejected';
      accountId: string;
      kind: EntryKind;
      amountCents: number;
      reference: string;
      error: 'insufficient_funds' | 'currency_mismatch';
    };

export type EntryDecision =
  | { ok: true; balanceCents: number }
  | { ok: false; error: 'insufficient_funds' | 'currency_mismatch' };

/** Decides what an entry does to an account. */
export function decideEntry(account: Account, request: EntryRequest): EntryDecision {
  if (request.currency !== undefined && request.currency !== account.currency) {
    return { ok: false, error: 'currency_mismatch' };
  }
  const delta = request.kind === 'debit' ? -request.amountCents : request.amountCents;
  const balanceCents = account.balanceCents + delta;
  if (balanceCents < 0) return { ok: false, error: 'insufficient_funds' };
  return { ok: true, balanceCents };
}

/** True when a repeated reference asks for the same thing as the recorded outcome. */
export function sameRequest(outcome: EntryOutcome, request: EntryRequest): boolean {
  return (
    outcome.accountId === request.accountId &&
    outcome.kind === request.kind &&
    outcome.amountCents === request.amountCents
  );
}

/** The event an applied entry of each kind appends to the account's stream. */
export const ENTRY_EVENT_TYPES = {
  deposit: 'account.deposited',
  debit: 'account.debited',
  credit: 'account.credited',
} as const satisfies Record<EntryKind, string>;

/** Why a loan cannot be paid out to an account (loan.disbursement_failed's reason). */
export type DisbursementRefusal = 'account_not_found' | 'account_not_owned_by_customer';

/**
 * A loan goes only to an account of the borrower: one opened by another customer refuses it
 * (an account opened without a customer, directly on the service, is accepted).
 */
export function checkDisbursementTarget(
  account: Account | undefined,
  borrowerId: string,
): DisbursementRefusal | undefined {
  if (!account) return 'account_not_found';
  if (account.customerId !== undefined && account.customerId !== borrowerId) {
    return 'account_not_owned_by_customer';
  }
  return undefined;
}

/** The payments domain: a transfer and how its outcome maps to an HTTP answer. Pure. */

export type TransferStatus = 'pending' | 'held' | 'completed' | 'rejected' | 'failed';

/** A payee at another bank, reached through partner-bank. */
export interface ExternalPayee {
  /** IBAN, compact and upper-case; only partner-bank checks its check digits. */
  iban: string;
  name: string;
}

export interface Transfer {
  id: string;
  fromAccountId: string;
  /** Internal transfers: the account credited. */
  toAccountId?: string;
  /** External transfers: the payee partner-bank pays. */
  toExternal?: ExternalPayee;
  amountCents: number;
  status: TransferStatus;
  /** Why a transfer was rejected, failed or is held, e.g. insufficient_funds. */
  reason?: string;
  createdAt: string;
  /** The customer who asked (the gateway's `x-customer-id`); notified on completion. */
  customerId?: string;
  /** Completion notice: `pending` while notifications is unreachable, then `sent`. */
  notification?: 'pending' | 'sent';
}

/** What a saga concluded. */
export type TransferOutcome =
  | { status: 'completed' }
  /** Definitely not applied (or fully compensated): no money moved. */
  | { status: 'rejected'; reason: string }
  /** Outcome unknown on the accounts side: needs reconciliation (a later issue). */
  | { status: 'failed'; reason: string }
  /** External only: debited, waiting for partner-bank; retried by the scheduler. */
  | { status: 'held'; reason: string };

export function httpStatusOf(outcome: TransferOutcome): number {
  switch (outcome.status) {
    case 'completed':
      return 201;
    case 'held':
      return 202;
    case 'rejected':
      return outcome.reason === 'insufficient_funds' ? 409 : 422;
    case 'failed':
      return 502;
  }
}

/** The HTTP status answering a transfer as recorded after its saga ran. */
export function httpStatusOfTransfer(transfer: Transfer): number {
  if (transfer.status === 'pending') return 202;
  if (transfer.status === 'completed') return 201;
  return httpStatusOf({ status: transfer.status, reason: transfer.reason ?? '' });
}

/** Idempotency references the sagas use on the accounts ledger, derived from the transfer id. */
export const references = {
  debit: (transferId: string) => `transfer:${transferId}:debit`,
  credit: (transferId: string) => `transfer:${transferId}:credit`,
  refund: (transferId: string) => `transfer:${transferId}:refund`,
  /** The Idempotency-Key of the payment order sent to partner-bank. */
  external: (transferId: string) => `transfer:${transferId}:external`,
  /** The Idempotency-Key of the completion notice. */
  notify: (transferId: string) => `transfer:${transferId}:notify`,
} as const;

/** Wait before retrying a held transfer: doubling from `baseMs`, at most `maxMs`. */
export function holdDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts, 20)));
}

/** How a transfer is shown: an external payee's IBAN only by its ends. */
export function presentTransfer(transfer: Transfer): Transfer {
  if (!transfer.toExternal) return transfer;
  const { iban, name } = transfer.toExternal;
  return { ...transfer, toExternal: { iban: maskIban(iban), name } };
}

export function maskIban(iban: string): string {
  return iban.length <= 8 ? '****' : `${iban.slice(0, 4)}…${iban.slice(-4)}`;
}

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
  /** Where its saga is (GET /transfers/:id and the POST answer). */
  saga?: TransferSagaView;
}

/** The saga behind a transfer, as answered: status, current step and compensations run. */
export interface TransferSagaView {
  name: 'transfer' | 'external_transfer';
  status: 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';
  step: string;
  compensations: string[];
}

/** What a saga concluded, as a transfer status. */
export type TransferOutcome =
  | { status: 'completed' }
  /** Definitely not applied (or fully compensated): no money moved. */
  | { status: 'rejected'; reason: string }
  /** A compensation was refused or timed out: needs a person. */
  | { status: 'failed'; reason: string }
  /** Waiting on a step whose outcome is unknown (partner-bank down, accounts unreachable). */
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
  /** Credits the source back when the check or partner-bank refused (or the order was reversed). */
  release: (transferId: string) => `transfer:${transferId}:release`,
  /** The Idempotency-Key of the payment order sent to partner-bank. */
  external: (transferId: string) => `transfer:${transferId}:external`,
  /** The Idempotency-Key of the reversal of that order. */
  reverse: (transferId: string) => `transfer:${transferId}:reverse`,
} as const;

/** Wait before retrying a step: doubling from `baseMs`, at most `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
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

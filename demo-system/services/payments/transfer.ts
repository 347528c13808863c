/** The payments domain: a transfer and how its outcome maps to an HTTP answer. Pure. */

export type TransferStatus = 'pending' | 'completed' | 'rejected' | 'failed';

export interface Transfer {
  id: string;
  fromAccountId: string;
  toAccountId: string;
  amountCents: number;
  status: TransferStatus;
  /** Why a transfer was rejected or failed, e.g. insufficient_funds. */
  reason?: string;
  createdAt: string;
}

/** What the transfer saga concluded. */
export type TransferOutcome =
  | { status: 'completed' }
  /** Definitely not applied (or fully compensated): no money moved. */
  | { status: 'rejected'; reason: string }
  /** Outcome unknown on the accounts side: needs reconciliation (a later issue). */
  | { status: 'failed'; reason: string };

export function httpStatusOf(outcome: TransferOutcome): number {
  switch (outcome.status) {
    case 'completed':
      return 201;
    case 'rejected':
      return outcome.reason === 'insufficient_funds' ? 409 : 422;
    case 'failed':
      return 502;
  }
}

/** Idempotency references the saga uses on the accounts ledger, derived from the transfer id. */
export const references = {
  debit: (transferId: string) => `transfer:${transferId}:debit`,
  credit: (transferId: string) => `transfer:${transferId}:credit`,
  refund: (transferId: string) => `transfer:${transferId}:refund`,
} as const;

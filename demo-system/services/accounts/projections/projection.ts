import type { SqlSession } from '../../../platform/db';
import { EVENT_CATALOG, type EventData } from '../../../platform/events/catalog';
import type { StoredEvent } from '../event-store';

/**
 * A projection: folds the event store, in position order, into read-model tables it alone
 * owns. `apply` runs inside the runner's batch transaction, which also moves the projection's
 * checkpoint, so a read model always equals the fold of the events up to its checkpoint.
 * `apply` must accept every event type (ignoring those it does not use).
 */
export interface Projection {
  readonly name: string;
  /** The read-model tables, emptied by a rebuild. */
  readonly tables: readonly string[];
  apply(tx: SqlSession, event: StoredEvent): Promise<void>;
}

export type LedgerEventType = 'account.deposited' | 'account.debited' | 'account.credited';

export function isLedgerEvent(type: string): type is LedgerEventType {
  return type === 'account.deposited' || type === 'account.debited' || type === 'account.credited';
}

/** The event's data, checked against the catalog's schema of its type. */
export function dataOf<T extends 'account.opened' | LedgerEventType>(
  type: T,
  event: StoredEvent,
): EventData<T> {
  return EVENT_CATALOG[type].schema.parse(event.data) as EventData<T>;
}

/** What a ledger event does to a balance: deposits and credits add, debits subtract. */
export function signedAmount(type: LedgerEventType, amountCents: number): number {
  return type === 'account.debited' ? -amountCents : amountCents;
}

import type { ServiceDb, SqlSession } from '../../platform/db';
import { createEvent } from '../../platform/events/envelope';
import { appendToOutbox } from '../../platform/outbox';
import { appendToStream, ConcurrencyError } from './event-store';
import { KeyedLanes } from './lanes';
import {
  type Account,
  decideEntry,
  ENTRY_EVENT_TYPES,
  type EntryOutcome,
  type EntryRequest,
} from './ledger';
import {
  answerFromRecord,
  findOutcome,
  type PostEntryResult,
  recordOutcome,
} from './reference-index';

/**
 * The write side of the event-sourced accounts. A command:
 *
 * 1. answers a known reference from the reference index (no new event);
 * 2. loads the account from the write-side snapshot (`accounts`, O(1); the row carries the
 *    stream's version and is updated in the append's transaction, so it always equals the
 *    fold of the stream; the stream stays the source of truth);
 * 3. decides with the pure rules of ledger.ts;
 * 4. in ONE transaction: records the outcome under its reference, appends the event at the
 *    loaded version (ConcurrencyError when another writer appended first), updates the
 *    snapshot and appends the integration event to the outbox. A refusal appends nothing but
 *    checks the version the same way, so it too was decided on the latest state.
 *
 * A ConcurrencyError rolls all of it back and the command runs again from 1 (up to
 * `maxAttempts`). Commands of this process queue per account (KeyedLanes), so conflicts come
 * only from other writers (another process, the loan consumer's transaction). Reads are not
 * served here: see read-models.ts.
 */
export interface CommandMeta {
  /** The business flow the command belongs to (a saga id, a transfer id). */
  correlationId?: string;
  /** The event that caused the command (the loan consumer's loan.approved). */
  causationId?: string | null;
}

export interface WriteSideOptions {
  db: ServiceDb;
  /** The producing service, stamped on every event. */
  source: string;
  newEntryId: () => string;
  /** Called after a transaction that appended events committed (wakes projections, relay). */
  onAppended?: () => void;
  /** Attempts of a command that keeps meeting ConcurrencyError; default 8. */
  maxAttempts?: number;
  /** Test seam: runs after a command loaded its account and before it appends. */
  afterLoad?: (accountId: string) => Promise<void>;
}

export interface OpenAccountInput {
  id: string;
  owner: string;
  customerId?: string;
  currency: string;
}

export class AccountsWriteSide {
  private readonly lanes = new KeyedLanes();
  private conflictCount = 0;

  constructor(private readonly options: WriteSideOptions) {}

  /** ConcurrencyErrors met (and retried) since start. */
  get conflicts(): number {
    return this.conflictCount;
  }

  /** Opens a new stream with `account.opened`; throws when the id is taken. */
  async openAccount(input: OpenAccountInput, meta: CommandMeta = {}): Promise<Account> {
    const event = createEvent(
      'account.opened',
      {
        accountId: input.id,
        owner: input.owner,
        ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
        currency: input.currency,
      },
      this.eventMeta(input.id, { correlationId: input.id, ...meta }),
    );
    await this.options.db.transaction(async (tx) => {
      try {
        await appendToStream(tx, input.id, 0, [event]);
      } catch (error) {
        if (error instanceof ConcurrencyError)
          throw new Error(`account ${input.id} already exists`);
        throw error;
      }
      await tx.query(
        `INSERT INTO accounts (id, owner, customer_id, currency, balance_cents, version)
         VALUES ($1, $2, $3, $4, 0, 1)`,
        [input.id, input.owner, input.customerId ?? null, input.currency],
      );
      await appendToOutbox(tx, event);
    });
    this.options.onAppended?.();
    return { ...input, balanceCents: 0 };
  }

  /** The write-side snapshot of an account (what commands decide on). */
  async findAccount(
    id: string,
    session: SqlSession = this.options.db,
  ): Promise<Account | undefined> {
    return (await loadSnapshot(session, id))?.account;
  }

  /**
   * Applies `request` exactly once per reference, in its own transactions, retrying on
   * ConcurrencyError. A ConcurrencyError after the last attempt is thrown.
   */
  postEntry(request: EntryRequest, meta: CommandMeta = {}): Promise<PostEntryResult> {
    const { db } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 8;
    return this.lanes.run(request.accountId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await this.execute(db, (fn) => db.transaction(fn), request, meta);
          if (result.appended) this.options.onAppended?.();
          return result.answer;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
          this.conflictCount += 1;
          // Full jitter, growing: a writer that keeps losing to a busy one steps back further.
          await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
        }
      }
    });
  }

  /**
   * The same inside the caller's transaction (the loan consumer's, with its inbox row). A
   * ConcurrencyError is thrown to the caller, whose transaction then rolls back. Call
   * `notifyAppended` after it committed.
   */
  async postEntryIn(
    tx: SqlSession,
    request: EntryRequest,
    meta: CommandMeta = {},
  ): Promise<PostEntryResult> {
    return (await this.execute(tx, (fn) => fn(tx), request, meta)).answer;
  }

  notifyAppended(): void {
    this.options.onAppended?.();
  }

  private async execute(
    read: SqlSession,
    inTransaction: <T>(fn: (tx: SqlSession) => Promise<T>) => Promise<T>,
    request: EntryRequest,
    meta: CommandMeta,
  ): Promise<{ answer: PostEntryResult; appended: boolean }> {
    const previous = await findOutcome(read, request.reference);
    if (previous) return { answer: answerFromRecord(previous, request), appended: false };
    const loaded = await loadSnapshot(read, request.accountId);
    if (!loaded) return { answer: { kind: 'account_not_found' }, appended: false };
    await this.options.afterLoad?.(request.accountId);
    const { account, version } = loaded;
    const decision = decideEntry(account, request);
    const base = {
      accountId: request.accountId,
      kind: request.kind,
      amountCents: request.amountCents,
      reference: request.reference,
    };
    const outcome: EntryOutcome = decision.ok
      ? {
          status: 'applied',
          entryId: this.options.newEntryId(),
          ...base,
          currency: account.currency,
          balanceCents: decision.balanceCents,
        }
      : { status: 'rejected', ...base, error: decision.error };

    return inTransaction(async (tx) => {
      if (!(await recordOutcome(tx, outcome))) {
        // A concurrent request with this reference committed first: answer its outcome.
        const recorded = await findOutcome(tx, request.reference);
        if (!recorded) throw new Error(`reference ${request.reference} conflicted but is gone`);
        return { answer: answerFromRecord(recorded, request), appended: false };
      }
      if (outcome.status === 'applied') {
        const event = createEvent(
          ENTRY_EVENT_TYPES[outcome.kind],
          {
            accountId: outcome.accountId,
            amountCents: outcome.amountCents,
            currency: outcome.currency,
            reference: outcome.reference,
            entryId: outcome.entryId,
            balanceCents: outcome.balanceCents,
          },
          this.eventMeta(account.id, { correlationId: flowOf(outcome.reference), ...meta }),
        );
        await appendToStream(tx, account.id, version, [event]);
        const updated = await tx.query(
          'UPDATE accounts SET balance_cents = $2, version = $3 WHERE id = $1 AND version = $4',
          [account.id, outcome.balanceCents, version + 1, version],
        );
        if (updated.rowCount !== 1) throw new ConcurrencyError(account.id, version);
        await appendToOutbox(tx, event);
      } else {
        // A refusal appends nothing, yet it too must be decided on the latest version (a
        // deposit in between could make the debit affordable): same check, same retry.
        const { rows } = await tx.query<{ version: number }>(
          'SELECT version FROM accounts WHERE id = $1',
          [account.id],
        );
        if (Number(rows[0]?.version) !== version) throw new ConcurrencyError(account.id, version);
      }
      return {
        answer: { kind: 'recorded', outcome, replayed: false },
        appended: outcome.status === 'applied',
      };
    });
  }

  private eventMeta(aggregateId: string, meta: CommandMeta) {
    return {
      aggregateId,
      correlationId: meta.correlationId ?? aggregateId,
      causationId: meta.causationId ?? null,
      source: this.options.source,
    };
  }
}

interface SnapshotRow {
  [column: string]: unknown;
  id: string;
  owner: string;
  customer_id: string | null;
  currency: string;
  balance_cents: number;
  version: number;
}

async function loadSnapshot(
  session: SqlSession,
  id: string,
): Promise<{ account: Account; version: number } | undefined> {
  const { rows } = await session.query<SnapshotRow>(
    'SELECT id, owner, customer_id, currency, balance_cents, version FROM accounts WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    account: {
      id: row.id,
      owner: row.owner,
      ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
      currency: row.currency,
      balanceCents: Number(row.balance_cents),
    },
    version: Number(row.version),
  };
}

/** A reference's flow (its first two `:` segments, e.g. `transfer:trf_1`), the correlation id. */
export function flowOf(reference: string): string {
  return reference.split(':').slice(0, 2).join(':');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

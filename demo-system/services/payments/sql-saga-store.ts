import type { ServiceDb, SqlParam, SqlSession } from '../../platform/db';
import type { EventEnvelope } from '../../platform/events/envelope';
import { appendToOutbox } from '../../platform/outbox/append';
import type { SagaInstance } from './saga-state';
import type { Transfer } from './transfer';
import { transferOutcomeOf } from './transfer-flow';

/**
 * The sagas table (and the transfer rows they drive) on SQL, PGlite or PostgreSQL.
 *
 * Claims: a runner owns a saga while its lease (`lease_owner`, `lease_expires_at`) lasts.
 * Claiming takes sagas that are due and unleased (or whose lease expired: a crashed runner),
 * under `FOR UPDATE SKIP LOCKED`, and bumps `version`; every write names the version it read
 * and its owner, so a runner whose lease was taken over cannot write any more (fencing).
 */
export interface SagaRow {
  [column: string]: unknown;
  id: string;
  name: SagaInstance['name'];
  status: SagaInstance['status'];
  step: SagaInstance['step'];
  steps: SagaInstance['steps'];
  compensations: SagaInstance['compensations'];
  step_deadline: Date | null;
  next_attempt_at: Date;
  data: SagaInstance['data'];
  trace_context: Record<string, string>;
  reason: string | null;
  version: number;
  started_at: Date;
  updated_at: Date;
}

export const SAGA_COLUMNS = `id, name, status, step, steps, compensations, step_deadline,
  next_attempt_at, data, trace_context, reason, version, started_at, updated_at`;

export interface SaveOptions {
  /** Outcome events appended to the outbox in the same transaction. */
  events?: readonly EventEnvelope[];
  /** Gives the claim up (the saga ended or waits for the sweeper). */
  release?: boolean;
}

export class SqlSagaStore {
  constructor(
    readonly db: ServiceDb,
    /** How long a claim lasts without a write. */
    readonly leaseMs: number,
  ) {}

  /**
   * Inserts the transfer and its saga in one transaction, claimed by `owner` (null: left to
   * whichever runner claims it first).
   */
  async create(
    transfer: Transfer,
    saga: SagaInstance,
    owner: string | null,
  ): Promise<SagaInstance> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO transfers (id, from_account_id, to_account_id, payee_iban, payee_name,
           amount_cents, status, reason, created_at, customer_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', NULL, $7, $8)`,
        [
          transfer.id,
          transfer.fromAccountId,
          transfer.toAccountId ?? null,
          transfer.toExternal?.iban ?? null,
          transfer.toExternal?.name ?? null,
          transfer.amountCents,
          transfer.createdAt,
          transfer.customerId ?? null,
        ],
      );
      const { rows } = await tx.query<SagaRow>(
        `INSERT INTO sagas (id, name, status, step, steps, compensations, step_deadline,
           next_attempt_at, data, trace_context, reason, version, lease_owner, lease_expires_at,
           started_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9::jsonb, $10::jsonb, $11, 1,
           $12::text, CASE WHEN $12::text IS NULL THEN NULL
             ELSE now() + make_interval(secs => $13) END, $14, now())
         RETURNING ${SAGA_COLUMNS}`,
        [...rowParams(saga), owner, this.leaseMs / 1000, saga.startedAt],
      );
      return toSaga(one(rows));
    });
  }

  /**
   * Writes `saga` (read at `saga.version`) and its transfer's status; renews the claim, or
   * gives it up with `release`. Undefined when the claim was lost: nothing is written.
   */
  async save(
    saga: SagaInstance,
    owner: string,
    options: SaveOptions = {},
  ): Promise<SagaInstance | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<SagaRow>(
        `UPDATE sagas SET name = $2, status = $3, step = $4, steps = $5::jsonb,
           compensations = $6::jsonb, step_deadline = $7, next_attempt_at = $8, data = $9::jsonb,
           trace_context = $10::jsonb, reason = $11, version = version + 1, updated_at = now(),
           lease_owner = CASE WHEN $14 THEN NULL ELSE lease_owner END,
           lease_expires_at = CASE WHEN $14 THEN NULL
             ELSE now() + make_interval(secs => $15) END
         WHERE id = $1 AND version = $12 AND lease_owner = $13
         RETURNING ${SAGA_COLUMNS}`,
        [...rowParams(saga), saga.version, owner, options.release === true, this.leaseMs / 1000],
      );
      const saved = rows[0];
      if (!saved) return undefined;
      await updateTransfer(tx, saga);
      for (const event of options.events ?? []) await appendToOutbox(tx, event);
      return toSaga(saved);
    });
  }

  /** Gives up a claim (the saga waits for its next attempt). */
  async release(saga: SagaInstance, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE sagas SET lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 AND version = $2 AND lease_owner = $3`,
      [saga.id, saga.version, owner],
    );
  }

  /**
   * Claims up to `limit` non-terminal sagas that are due and not held by a live claim
   * (unclaimed, or a claim that expired because its runner died).
   */
  async claimDue(owner: string, limit: number): Promise<SagaInstance[]> {
    const { rows } = await this.db.query<SagaRow>(
      `UPDATE sagas SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2),
         version = version + 1
       WHERE id IN (
         SELECT id FROM sagas
         WHERE status IN ('running', 'compensating') AND next_attempt_at <= now()
           AND (lease_owner IS NULL OR lease_expires_at <= now())
         ORDER BY next_attempt_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
         AND (lease_owner IS NULL OR lease_expires_at <= now())
       RETURNING ${SAGA_COLUMNS}`,
      [owner, this.leaseMs / 1000, limit],
    );
    return rows.map(toSaga);
  }

  async find(id: string): Promise<SagaInstance | undefined> {
    const { rows } = await this.db.query<SagaRow>(
      `SELECT ${SAGA_COLUMNS} FROM sagas WHERE id = $1`,
      [id],
    );
    return rows[0] ? toSaga(rows[0]) : undefined;
  }
}

async function updateTransfer(tx: SqlSession, saga: SagaInstance): Promise<void> {
  const outcome = transferOutcomeOf(saga);
  const reason =
    'reason' in outcome ? outcome.reason : saga.status === 'compensating' ? saga.reason : null;
  await tx.query(
    `UPDATE transfers SET status = $2, reason = $3, updated_at = now()
     WHERE id = $1 AND (status IS DISTINCT FROM $2 OR reason IS DISTINCT FROM $3)`,
    [saga.data.transferId, outcome.status, reason],
  );
}

function rowParams(saga: SagaInstance): SqlParam[] {
  return [
    saga.id,
    saga.name,
    saga.status,
    saga.step,
    JSON.stringify(saga.steps),
    JSON.stringify(saga.compensations),
    saga.stepDeadline,
    saga.nextAttemptAt,
    JSON.stringify(saga.data),
    JSON.stringify(saga.traceContext),
    saga.reason,
  ];
}

function one<R>(rows: R[]): R {
  const row = rows[0];
  if (!row) throw new Error('the statement returned no row');
  return row;
}

export function toSaga(row: SagaRow): SagaInstance {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    step: row.step,
    steps: row.steps,
    compensations: row.compensations,
    stepDeadline: row.step_deadline,
    nextAttemptAt: row.next_attempt_at,
    data: row.data,
    traceContext: row.trace_context,
    reason: row.reason,
    version: row.version,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
  };
}

import type { Migration } from '../../platform/db';
import { outboxInboxMigration } from '../../platform/outbox';

/**
 * The event-sourced accounts (issue 5), appended to accountsSchema's migrations.
 *
 * 0003 `events`: the append-only event store. `position` is the global order (identity; gaps
 * are possible, order is what counts: appends take a transaction-scoped advisory lock so
 * positions commit in order, see event-store.ts); `(stream_id, version)` is unique, which is
 * the optimistic concurrency check. `accounts` becomes the write side's snapshot of each
 * stream (`version` = the stream's last version, updated in the append's transaction), and
 * `ledger_entries` stays the reference index (one recorded outcome per reference). Existing
 * accounts and applied entries are turned into their events, so the stream folds to the
 * balance they already have.
 *
 * 0004: the read models the projections build (projections/*.ts), and their checkpoints.
 * 0005: the outbox (integration events, appended in the command's transaction) and the inbox
 * (the loan-disbursement consumer's deduplication).
 */
export const eventStoreMigration: Migration = {
  id: '0003_event_store',
  sql: `
    ALTER TABLE accounts ADD COLUMN version integer NOT NULL DEFAULT 0 CHECK (version >= 0);
    CREATE TABLE events (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      stream_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      type text NOT NULL,
      schema_version integer NOT NULL CHECK (schema_version > 0),
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL,
      CONSTRAINT events_stream_version UNIQUE (stream_id, version)
    );
    INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, recorded_at)
    SELECT gen_random_uuid()::text, stream_id, version, type, 1, data,
      jsonb_build_object('correlationId', stream_id, 'causationId', NULL, 'source', 'accounts',
        'migratedBy', '0003_event_store'),
      at
    FROM (
      SELECT id AS stream_id, 1 AS version, 'account.opened' AS type, created_at AS at,
        jsonb_strip_nulls(jsonb_build_object('accountId', id, 'owner', owner,
          'customerId', customer_id, 'currency', currency)) AS data
      FROM accounts
      UNION ALL
      SELECT account_id,
        (1 + row_number() OVER (PARTITION BY account_id ORDER BY recorded_at, entry_id))::integer,
        CASE kind WHEN 'deposit' THEN 'account.deposited' WHEN 'debit' THEN 'account.debited'
          ELSE 'account.credited' END,
        recorded_at,
        jsonb_build_object('accountId', account_id, 'amountCents', amount_cents,
          'currency', currency, 'reference', reference, 'entryId', entry_id,
          'balanceCents', balance_after_cents)
      FROM ledger_entries WHERE status = 'applied'
    ) history
    ORDER BY at, stream_id, version;
    UPDATE accounts SET version = e.version
    FROM (SELECT stream_id, max(version) AS version FROM events GROUP BY stream_id) e
    WHERE accounts.id = e.stream_id;
  `,
};

export const readModelsMigration: Migration = {
  id: '0004_read_models',
  sql: `
    CREATE TABLE projection_checkpoints (
      name text PRIMARY KEY,
      position bigint NOT NULL CHECK (position >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE balances (
      account_id text PRIMARY KEY,
      owner text NOT NULL,
      customer_id text,
      currency text NOT NULL,
      balance_cents bigint NOT NULL,
      opened_position bigint NOT NULL,
      position bigint NOT NULL
    );
    CREATE INDEX balances_customer ON balances (customer_id, opened_position);
    CREATE TABLE statements (
      account_id text NOT NULL,
      version integer NOT NULL,
      entry_id text NOT NULL,
      kind text NOT NULL,
      amount_cents bigint NOT NULL,
      currency text NOT NULL,
      reference text NOT NULL,
      balance_after_cents bigint NOT NULL,
      recorded_at timestamptz NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (account_id, version)
    );
    CREATE TABLE customer_overview (
      customer_id text NOT NULL,
      currency text NOT NULL,
      accounts_count integer NOT NULL,
      total_cents bigint NOT NULL,
      last_activity_at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, currency)
    );
    CREATE TABLE customer_overview_accounts (
      account_id text PRIMARY KEY,
      customer_id text NOT NULL,
      currency text NOT NULL
    );
  `,
};

export const eventSourcingMigrations: readonly Migration[] = [
  eventStoreMigration,
  readModelsMigration,
  outboxInboxMigration('0005_outbox_inbox'),
];

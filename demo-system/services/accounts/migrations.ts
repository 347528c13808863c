import type { SchemaDefinition } from '../../platform/db';
import { eventSourcingMigrations } from './event-sourcing-migrations';

/**
 * The accounts service's schema. Money is integer cents in BIGINT. `ledger_entries` records
 * one outcome per reference (the idempotency key): applied entries carry the entry id, the
 * currency and the balance after; rejected ones carry the error. Since 0003 the service is
 * event-sourced: `events` is the source of truth, `accounts` the write side's snapshot of each
 * stream (see event-sourcing-migrations.ts). Append new migrations; never edit an applied one
 * (its checksum is recorded).
 */
export const accountsSchema: SchemaDefinition = {
  name: 'accounts',
  migrations: [
    {
      id: '0001_accounts_and_ledger',
      sql: `
        CREATE TABLE accounts (
          id text PRIMARY KEY,
          owner text NOT NULL,
          currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
          balance_cents bigint NOT NULL CHECK (balance_cents >= 0),
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE ledger_entries (
          reference text PRIMARY KEY,
          account_id text NOT NULL REFERENCES accounts (id),
          kind text NOT NULL CHECK (kind IN ('deposit', 'debit', 'credit')),
          amount_cents bigint NOT NULL CHECK (amount_cents > 0),
          status text NOT NULL CHECK (status IN ('applied', 'rejected')),
          entry_id text UNIQUE,
          currency text,
          balance_after_cents bigint,
          error text,
          recorded_at timestamptz NOT NULL DEFAULT now(),
          CHECK (
            (status = 'applied' AND entry_id IS NOT NULL AND currency IS NOT NULL
              AND balance_after_cents IS NOT NULL AND error IS NULL)
            OR (status = 'rejected' AND entry_id IS NULL AND error IS NOT NULL)
          )
        );
        CREATE INDEX ledger_entries_account ON ledger_entries (account_id, recorded_at);
      `,
    },
    {
      id: '0002_account_customer',
      sql: `
        ALTER TABLE accounts ADD COLUMN customer_id text;
        CREATE INDEX accounts_customer ON accounts (customer_id, created_at);
      `,
    },
    // 0003..0005: the event store, the read models and the outbox/inbox (issue 5).
    ...eventSourcingMigrations,
  ],
};

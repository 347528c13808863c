import type { SchemaDefinition } from '../../platform/db';
import { outboxInboxMigration } from '../../platform/outbox/migration';

/**
 * The payments service's schema: transfers (the business record, answered by the API) and the
 * sagas that move their money (`sagas`: status, current step, per-step attempts and outcomes,
 * step deadline, data, the originating trace context, a version for optimistic writes and a
 * lease so one runner at a time runs a saga), plus the outbox the saga's outcome events go
 * through. The hold columns of 0002 (`attempts`, `next_attempt_at`, `notification`) are no
 * longer written. Append new migrations; never edit an applied one (its checksum is recorded).
 */
export const paymentsSchema: SchemaDefinition = {
  name: 'payments',
  migrations: [
    {
      id: '0001_transfers',
      sql: `
        CREATE TABLE transfers (
          id text PRIMARY KEY,
          from_account_id text NOT NULL,
          to_account_id text NOT NULL,
          amount_cents bigint NOT NULL CHECK (amount_cents > 0),
          status text NOT NULL CHECK (status IN ('pending', 'completed', 'rejected', 'failed')),
          reason text,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX transfers_status ON transfers (status) WHERE status IN ('pending', 'failed');
      `,
    },
    {
      id: '0002_external_transfers_and_holds',
      sql: `
        ALTER TABLE transfers DROP CONSTRAINT transfers_status_check;
        ALTER TABLE transfers ADD CONSTRAINT transfers_status_check
          CHECK (status IN ('pending', 'held', 'completed', 'rejected', 'failed'));
        ALTER TABLE transfers ALTER COLUMN to_account_id DROP NOT NULL;
        ALTER TABLE transfers
          ADD COLUMN payee_iban text,
          ADD COLUMN payee_name text,
          ADD COLUMN customer_id text,
          ADD COLUMN notification text CHECK (notification IN ('pending', 'sent')),
          ADD COLUMN attempts integer NOT NULL DEFAULT 0,
          ADD COLUMN next_attempt_at timestamptz;
        ALTER TABLE transfers ADD CONSTRAINT transfers_one_destination
          CHECK ((to_account_id IS NULL) <> (payee_iban IS NULL)
            AND (payee_iban IS NULL) = (payee_name IS NULL));
        CREATE INDEX transfers_due ON transfers (next_attempt_at) WHERE status = 'held';
        CREATE INDEX transfers_notification_pending ON transfers (updated_at)
          WHERE notification = 'pending';
      `,
    },
    {
      id: '0003_sagas',
      sql: `
        CREATE TABLE sagas (
          id text PRIMARY KEY,
          name text NOT NULL CHECK (name IN ('transfer', 'external_transfer')),
          status text NOT NULL
            CHECK (status IN ('running', 'compensating', 'completed', 'compensated', 'failed')),
          step text NOT NULL,
          steps jsonb NOT NULL DEFAULT '{}'::jsonb,
          compensations jsonb NOT NULL DEFAULT '[]'::jsonb,
          step_deadline timestamptz,
          next_attempt_at timestamptz NOT NULL DEFAULT now(),
          data jsonb NOT NULL,
          trace_context jsonb NOT NULL DEFAULT '{}'::jsonb,
          reason text,
          version integer NOT NULL DEFAULT 1,
          lease_owner text,
          lease_expires_at timestamptz,
          started_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX sagas_due ON sagas (next_attempt_at)
          WHERE status IN ('running', 'compensating');
        CREATE INDEX transfers_spender_day ON transfers
          ((COALESCE('customer:' || customer_id, 'account:' || from_account_id)), created_at);
        -- Transfers left pending or held by the saga before this one go on as sagas from the
        -- debit: every step re-sends its idempotency key, so what was applied is replayed.
        INSERT INTO sagas (id, name, status, step, steps, step_deadline, data, started_at)
        SELECT id, CASE WHEN payee_iban IS NULL THEN 'transfer' ELSE 'external_transfer' END,
          'running', 'debit', '{"debit": {"attempts": 0}}'::jsonb, now() + interval '8 seconds',
          jsonb_strip_nulls(jsonb_build_object(
            'transferId', id, 'fromAccountId', from_account_id, 'toAccountId', to_account_id,
            'toExternal', CASE WHEN payee_iban IS NULL THEN NULL
              ELSE jsonb_build_object('iban', payee_iban, 'name', payee_name) END,
            'amountCents', amount_cents, 'customerId', customer_id)),
          created_at
        FROM transfers WHERE status IN ('pending', 'held');
      `,
    },
    outboxInboxMigration('0004_outbox_inbox'),
  ],
};

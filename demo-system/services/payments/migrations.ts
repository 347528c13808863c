import type { SchemaDefinition } from '../../platform/db';

/**
 * The payments service's schema: transfers and their saga status; external transfers keep
 * their payee, hold schedule (`attempts`, `next_attempt_at`) and notice status. Append new migrations;
 * never edit an applied one (its checksum is recorded).
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
  ],
};

import type { SchemaDefinition } from '../../platform/db';
import { outboxInboxMigration } from '../../platform/outbox';

/** The lending service's schema: one row per loan decision. Append new migrations only. */
export const lendingSchema: SchemaDefinition = {
  name: 'lending',
  migrations: [
    {
      id: '0001_loans',
      sql: `
        CREATE TABLE loans (
          id text PRIMARY KEY,
          customer_id text NOT NULL,
          account_id text NOT NULL,
          principal_cents bigint NOT NULL CHECK (principal_cents > 0),
          currency text NOT NULL,
          term_months integer NOT NULL CHECK (term_months > 0),
          apr_bps integer NOT NULL,
          monthly_payment_cents bigint NOT NULL,
          status text NOT NULL CHECK (status IN ('approved', 'disbursed', 'rejected', 'cancelled')),
          reason text,
          created_at timestamptz NOT NULL,
          disbursed_at timestamptz,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX loans_customer ON loans (customer_id, created_at);
        CREATE INDEX loans_undisbursed ON loans (updated_at) WHERE status = 'approved';
      `,
    },
    // The loan-disbursement saga (issue 5): events go out through the outbox; the outcomes
    // from accounts come in through the inbox.
    outboxInboxMigration('0002_outbox_inbox'),
    {
      id: '0003_loan_saga',
      sql: `
        ALTER TABLE loans ADD COLUMN approval_published_at timestamptz;
        ALTER TABLE loans ADD COLUMN approval_publications integer NOT NULL DEFAULT 0;
        UPDATE loans SET approval_published_at = updated_at WHERE status = 'approved';
        CREATE INDEX loans_in_flight ON loans (created_at) WHERE status = 'approved';
      `,
    },
  ],
};

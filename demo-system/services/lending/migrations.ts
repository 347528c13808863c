import type { SchemaDefinition } from '../../platform/db';

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
  ],
};

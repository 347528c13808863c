import type { SchemaDefinition } from '../../platform/db';

/**
 * The payments service's schema: transfers and their saga status. Append new migrations;
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
  ],
};

import type { SchemaDefinition } from '../../platform/db';

/**
 * partner-bank's own data (it is a third party: nothing else reads it). One row per
 * Idempotency-Key, holding the outcome answered for it, accepted or refused, and when an
 * accepted one was reversed; `reversals` remembers every reversed key, also of orders never
 * received, so such an order is refused if it arrives late. Append new
 * migrations; never edit an applied one.
 */
export const partnerBankSchema: SchemaDefinition = {
  name: 'partner_bank',
  migrations: [
    {
      id: '0001_external_transfers',
      sql: `
        CREATE TABLE external_transfers (
          idempotency_key text PRIMARY KEY,
          id text NOT NULL UNIQUE,
          payee_iban text NOT NULL,
          payee_name text NOT NULL,
          amount_cents bigint NOT NULL CHECK (amount_cents > 0),
          currency text NOT NULL,
          status text NOT NULL CHECK (status IN ('accepted', 'refused')),
          error text,
          created_at timestamptz NOT NULL DEFAULT now()
        );
      `,
    },
    {
      id: '0002_reversals',
      sql: `
        ALTER TABLE external_transfers ADD COLUMN reversed_at timestamptz;
        CREATE TABLE reversals (
          idempotency_key text PRIMARY KEY,
          created_at timestamptz NOT NULL DEFAULT now()
        );
      `,
    },
  ],
};

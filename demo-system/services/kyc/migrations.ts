import type { SchemaDefinition } from '../../platform/db';

/**
 * The kyc service's schema: one row per identity check. A customer's status is their latest
 * check. Documents are kept masked plus a SHA-256 fingerprint, never in full.
 */
export const kycSchema: SchemaDefinition = {
  name: 'kyc',
  migrations: [
    {
      id: '0001_checks',
      sql: `
        CREATE TABLE checks (
          id text PRIMARY KEY,
          customer_id text NOT NULL,
          name text NOT NULL,
          document_masked text NOT NULL,
          document_fingerprint text NOT NULL,
          status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
          reason text,
          checked_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX checks_customer ON checks (customer_id, checked_at DESC);
      `,
    },
  ],
};

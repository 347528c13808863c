import type { SchemaDefinition } from '../../platform/db';

/**
 * The wealth service's schema: the last fund prices read from the market feed (the cache that
 * survives a restart), orders, and holdings per customer and fund (units in millionths).
 */
export const wealthSchema: SchemaDefinition = {
  name: 'wealth',
  migrations: [
    {
      id: '0001_prices_orders_holdings',
      sql: `
        CREATE TABLE fund_prices (
          fund_id text PRIMARY KEY,
          name text NOT NULL,
          currency text NOT NULL,
          nav_cents bigint NOT NULL CHECK (nav_cents > 0),
          fetched_at timestamptz NOT NULL
        );
        CREATE TABLE orders (
          id text PRIMARY KEY,
          customer_id text NOT NULL,
          account_id text NOT NULL,
          fund_id text NOT NULL,
          amount_cents bigint NOT NULL CHECK (amount_cents > 0),
          currency text NOT NULL,
          nav_cents bigint NOT NULL,
          units_micro bigint NOT NULL CHECK (units_micro >= 0),
          status text NOT NULL CHECK (status IN ('pending', 'completed', 'rejected')),
          reason text,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX orders_pending ON orders (updated_at) WHERE status = 'pending';
        CREATE TABLE holdings (
          customer_id text NOT NULL,
          fund_id text NOT NULL,
          units_micro bigint NOT NULL CHECK (units_micro >= 0),
          cost_cents bigint NOT NULL CHECK (cost_cents >= 0),
          PRIMARY KEY (customer_id, fund_id)
        );
      `,
    },
  ],
};

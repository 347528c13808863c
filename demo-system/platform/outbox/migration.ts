import type { Migration } from '../db';

/**
 * The transactional outbox and the consumer inbox, as one migration a service appends to its
 * own schema's list (`outboxInboxMigration('0003_outbox_inbox')`).
 *
 * - `outbox`: events written in the same transaction as the state change they describe; the
 *   relay publishes them in `sequence` order and sets `published_at`. `envelope` is the exact
 *   record value (text, so the bytes published are the bytes stored); `headers` holds the
 *   record headers, including the `traceparent` active when the event was appended;
 *   `claimed_by`/`claimed_until` are the relay's lease on rows it is publishing.
 * - `inbox`: one row per (consumer group, event id) handled, inserted in the handler's own
 *   transaction, so a redelivered event is recognised and its effect applied once.
 */
export function outboxInboxMigration(id: string): Migration {
  return {
    id,
    sql: `
      CREATE TABLE outbox (
        sequence bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        event_type text NOT NULL,
        topic text NOT NULL,
        key text NOT NULL,
        envelope text NOT NULL,
        headers jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        claimed_by text,
        claimed_until timestamptz
      );
      CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL;
      CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      );
      CREATE INDEX inbox_handled ON inbox (handled_at);
    `,
  };
}

import type { SchemaDefinition } from '../../platform/db';
import { outboxInboxMigration } from '../../platform/outbox';

/**
 * The notifications service's schema: every notification with its delivery status. An
 * Idempotency-Key, when the sender gives one, records it once. Append new migrations only.
 */
export const notificationsSchema: SchemaDefinition = {
  name: 'notifications',
  migrations: [
    {
      id: '0001_notifications',
      sql: `
        CREATE TABLE notifications (
          id text PRIMARY KEY,
          idempotency_key text UNIQUE,
          customer_id text NOT NULL,
          channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
          template text NOT NULL,
          data jsonb NOT NULL,
          subject text NOT NULL,
          body text NOT NULL,
          status text NOT NULL CHECK (status IN ('sent', 'failed')),
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX notifications_customer ON notifications (customer_id, created_at DESC);
      `,
    },
    // Notices from the bus (issue 5): the inbox records each event handled once.
    outboxInboxMigration('0002_outbox_inbox'),
  ],
};

import type { ServiceDb, SqlSession } from '../../platform/db';
import type { Channel, Template, TemplateData } from './templates';

export interface Notification {
  id: string;
  customerId: string;
  channel: Channel;
  template: Template;
  data: TemplateData;
  subject: string;
  body: string;
  /** Delivery status: `sent` once recorded for delivery (no real e-mail leaves the demo). */
  status: 'sent' | 'failed';
  createdAt: string;
}

interface Row {
  [column: string]: unknown;
  id: string;
  customer_id: string;
  channel: Channel;
  template: Template;
  data: TemplateData;
  subject: string;
  body: string;
  status: 'sent' | 'failed';
  created_at: Date;
}

const COLUMNS = 'id, customer_id, channel, template, data, subject, body, status, created_at';

export class NotificationsRepository {
  constructor(private readonly db: ServiceDb) {}

  /**
   * Stores `notification`; with a key already used, returns the recorded one instead. With
   * `tx`, inside the caller's transaction (a bus consumer's, with its inbox row).
   */
  async record(
    notification: Notification,
    idempotencyKey: string | undefined,
    tx: SqlSession = this.db,
  ): Promise<{ notification: Notification; created: boolean }> {
    const { rows } = await tx.query<Row>(
      `INSERT INTO notifications (${COLUMNS}, idempotency_key)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
      [
        notification.id,
        notification.customerId,
        notification.channel,
        notification.template,
        JSON.stringify(notification.data),
        notification.subject,
        notification.body,
        notification.status,
        notification.createdAt,
        idempotencyKey ?? null,
      ],
    );
    if (rows[0]) return { notification: toNotification(rows[0]), created: true };
    const existing = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM notifications WHERE idempotency_key = $1`,
      [idempotencyKey ?? null],
    );
    if (!existing.rows[0]) throw new Error(`notification ${idempotencyKey} vanished`);
    return { notification: toNotification(existing.rows[0]), created: false };
  }

  async forCustomer(customerId: string, limit: number): Promise<Notification[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM notifications WHERE customer_id = $1
       ORDER BY created_at DESC, id LIMIT $2`,
      [customerId, limit],
    );
    return rows.map(toNotification);
  }
}

function toNotification(row: Row): Notification {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel,
    template: row.template,
    data: row.data,
    subject: row.subject,
    body: row.body,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

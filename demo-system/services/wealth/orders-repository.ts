import type { ServiceDb } from '../../platform/db';
import type { Holding } from './holdings';

export type OrderStatus = 'pending' | 'completed' | 'rejected';

export interface Order {
  id: string;
  customerId: string;
  accountId: string;
  fundId: string;
  amountCents: number;
  currency: string;
  navCents: number;
  unitsMicro: number;
  /** pending: the debit is not confirmed yet; completed: debited and units held; rejected. */
  status: OrderStatus;
  reason?: string;
  createdAt: string;
}

interface OrderRow {
  [column: string]: unknown;
  id: string;
  customer_id: string;
  account_id: string;
  fund_id: string;
  amount_cents: number;
  currency: string;
  nav_cents: number;
  units_micro: number;
  status: OrderStatus;
  reason: string | null;
  created_at: Date;
}

const COLUMNS = `id, customer_id, account_id, fund_id, amount_cents, currency, nav_cents,
  units_micro, status, reason, created_at`;

/** Orders and holdings on SQL. Completing an order adds its units once (one transaction). */
export class OrdersRepository {
  constructor(private readonly db: ServiceDb) {}

  async insert(order: Order): Promise<void> {
    await this.db.query(
      `INSERT INTO orders (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        order.id,
        order.customerId,
        order.accountId,
        order.fundId,
        order.amountCents,
        order.currency,
        order.navCents,
        order.unitsMicro,
        order.status,
        order.reason ?? null,
        order.createdAt,
      ],
    );
  }

  async find(id: string): Promise<Order | undefined> {
    const { rows } = await this.db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toOrder(rows[0]) : undefined;
  }

  /** pending → completed, and the units join the customer's holding; a repeat does nothing. */
  async complete(id: string): Promise<Order | undefined> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<OrderRow>(
        `UPDATE orders SET status = 'completed', reason = NULL, updated_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
        [id],
      );
      const order = rows[0];
      if (!order) return;
      await tx.query(
        `INSERT INTO holdings (customer_id, fund_id, units_micro, cost_cents) VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id, fund_id) DO UPDATE
           SET units_micro = holdings.units_micro + EXCLUDED.units_micro,
               cost_cents = holdings.cost_cents + EXCLUDED.cost_cents`,
        [order.customer_id, order.fund_id, order.units_micro, order.amount_cents],
      );
    });
    return this.find(id);
  }

  async reject(id: string, reason: string): Promise<Order | undefined> {
    await this.db.query(
      `UPDATE orders SET status = 'rejected', reason = $2, updated_at = now()
       WHERE id = $1 AND status = 'pending'`,
      [id, reason],
    );
    return this.find(id);
  }

  async touch(id: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE orders SET reason = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [id, reason],
    );
  }

  /** Orders whose debit stayed unconfirmed for `olderThanMs`. */
  async pending(olderThanMs: number, limit: number): Promise<Order[]> {
    const { rows } = await this.db.query<OrderRow>(
      `SELECT ${COLUMNS} FROM orders WHERE status = 'pending'
       AND updated_at <= now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map(toOrder);
  }

  async holdings(customerId: string): Promise<Holding[]> {
    const { rows } = await this.db.query<{
      fund_id: string;
      units_micro: number;
      cost_cents: number;
    }>(
      `SELECT fund_id, units_micro, cost_cents FROM holdings WHERE customer_id = $1 ORDER BY fund_id`,
      [customerId],
    );
    return rows.map((row) => ({
      fundId: row.fund_id,
      unitsMicro: row.units_micro,
      costCents: row.cost_cents,
    }));
  }
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    customerId: row.customer_id,
    accountId: row.account_id,
    fundId: row.fund_id,
    amountCents: row.amount_cents,
    currency: row.currency,
    navCents: row.nav_cents,
    unitsMicro: row.units_micro,
    status: row.status,
    ...(row.reason === null ? {} : { reason: row.reason }),
    createdAt: row.created_at.toISOString(),
  };
}

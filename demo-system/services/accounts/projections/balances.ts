import type { Projection } from './projection';
import { dataOf, isLedgerEvent } from './projection';

/**
 * `balances`: one row per account (owner, customer, currency, balance). Serves
 * GET /accounts/:id and GET /customers/:id/accounts (oldest first: by opening position).
 */
export const balancesProjection: Projection = {
  name: 'balances',
  tables: ['balances'],
  async apply(tx, event) {
    if (event.type === 'account.opened') {
      const data = dataOf('account.opened', event);
      await tx.query(
        `INSERT INTO balances (account_id, owner, customer_id, currency, balance_cents, opened_position, position)
         VALUES ($1, $2, $3, $4, 0, $5, $5) ON CONFLICT (account_id) DO NOTHING`,
        [data.accountId, data.owner, data.customerId ?? null, data.currency, event.position],
      );
      return;
    }
    if (!isLedgerEvent(event.type)) return;
    const data = dataOf(event.type, event);
    // The event carries the balance after it: applying it twice changes nothing.
    await tx.query('UPDATE balances SET balance_cents = $2, position = $3 WHERE account_id = $1', [
      data.accountId,
      data.balanceCents,
      event.position,
    ]);
  },
};

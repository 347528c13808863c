import type { Projection } from './projection';
import { dataOf, isLedgerEvent, signedAmount } from './projection';

/**
 * `customer_overview`: per customer and currency, the accounts count, the total balance and
 * the last activity. Ledger events name only the account, so the projection keeps its own
 * account → customer map (`customer_overview_accounts`, rebuilt with it). Accounts opened
 * without a customer are left out.
 */
export const customerOverviewProjection: Projection = {
  name: 'customer_overview',
  tables: ['customer_overview', 'customer_overview_accounts'],
  async apply(tx, event) {
    if (event.type === 'account.opened') {
      const data = dataOf('account.opened', event);
      if (data.customerId === undefined) return;
      const added = await tx.query(
        `INSERT INTO customer_overview_accounts (account_id, customer_id, currency)
         VALUES ($1, $2, $3) ON CONFLICT (account_id) DO NOTHING`,
        [data.accountId, data.customerId, data.currency],
      );
      if (added.rowCount === 0) return;
      await tx.query(
        `INSERT INTO customer_overview (customer_id, currency, accounts_count, total_cents, last_activity_at)
         VALUES ($1, $2, 1, 0, $3)
         ON CONFLICT (customer_id, currency) DO UPDATE SET
           accounts_count = customer_overview.accounts_count + 1,
           last_activity_at = greatest(customer_overview.last_activity_at, excluded.last_activity_at)`,
        [data.customerId, data.currency, event.recordedAt],
      );
      return;
    }
    if (!isLedgerEvent(event.type)) return;
    const data = dataOf(event.type, event);
    await tx.query(
      `UPDATE customer_overview o SET
         total_cents = o.total_cents + $2,
         last_activity_at = greatest(o.last_activity_at, $3)
       FROM customer_overview_accounts a
       WHERE a.account_id = $1 AND o.customer_id = a.customer_id AND o.currency = a.currency`,
      [data.accountId, signedAmount(event.type, data.amountCents), event.recordedAt],
    );
  },
};

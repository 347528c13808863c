import type { Projection } from './projection';
import { dataOf, isLedgerEvent } from './projection';

const KINDS = {
  'account.deposited': 'deposit',
  'account.debited': 'debit',
  'account.credited': 'credit',
} as const;

/**
 * `statements`: one row per applied entry, keyed by (account, stream version), with the
 * balance after it. Serves GET /accounts/:id/statement (newest first, paginated).
 */
export const statementsProjection: Projection = {
  name: 'statements',
  tables: ['statements'],
  async apply(tx, event) {
    if (!isLedgerEvent(event.type)) return;
    const data = dataOf(event.type, event);
    await tx.query(
      `INSERT INTO statements (account_id, version, entry_id, kind, amount_cents, currency,
         reference, balance_after_cents, recorded_at, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (account_id, version) DO NOTHING`,
      [
        data.accountId,
        event.version,
        data.entryId,
        KINDS[event.type],
        data.amountCents,
        data.currency,
        data.reference,
        data.balanceCents,
        event.recordedAt,
        event.position,
      ],
    );
  },
};

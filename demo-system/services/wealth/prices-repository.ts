import type { ServiceDb } from '../../platform/db';
import type { FundPrice } from './holdings';

export interface StoredPrices {
  prices: FundPrice[];
  fetchedAt: Date;
}

interface Row {
  [column: string]: unknown;
  fund_id: string;
  name: string;
  currency: string;
  nav_cents: number;
  fetched_at: Date;
}

/** The last prices read from the feed, kept so a restart during an outage still has some. */
export class PricesRepository {
  constructor(private readonly db: ServiceDb) {}

  async save(prices: readonly FundPrice[], fetchedAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const price of prices) {
        await tx.query(
          `INSERT INTO fund_prices (fund_id, name, currency, nav_cents, fetched_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (fund_id) DO UPDATE SET name = EXCLUDED.name, currency = EXCLUDED.currency,
             nav_cents = EXCLUDED.nav_cents, fetched_at = EXCLUDED.fetched_at`,
          [price.fundId, price.name, price.currency, price.navCents, fetchedAt],
        );
      }
    });
  }

  async load(): Promise<StoredPrices | undefined> {
    const { rows } = await this.db.query<Row>(
      'SELECT fund_id, name, currency, nav_cents, fetched_at FROM fund_prices ORDER BY fund_id',
    );
    if (rows.length === 0) return undefined;
    const fetchedAt = new Date(Math.min(...rows.map((row) => row.fetched_at.getTime())));
    return {
      prices: rows.map((row) => ({
        fundId: row.fund_id,
        name: row.name,
        currency: row.currency,
        navCents: row.nav_cents,
      })),
      fetchedAt,
    };
  }
}

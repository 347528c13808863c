/**
 * The funds partner-bank publishes prices for (its market-data feed). Wealth sells these
 * funds; the traffic generator buys them by id. NAVs are in integer cents per unit.
 */
export interface FundListing {
  fundId: string;
  name: string;
  currency: string;
  /** Net asset value per unit at the start of the walk, in cents. */
  initialNavCents: number;
}

export const FUND_CATALOG: readonly FundListing[] = [
  { fundId: 'fund-global-equity', name: 'Global Equity', currency: 'EUR', initialNavCents: 12_500 },
  {
    fundId: 'fund-euro-bonds',
    name: 'Euro Government Bonds',
    currency: 'EUR',
    initialNavCents: 9_800,
  },
  { fundId: 'fund-tech-growth', name: 'Tech Growth', currency: 'EUR', initialNavCents: 31_000 },
  { fundId: 'fund-green-energy', name: 'Green Energy', currency: 'EUR', initialNavCents: 4_750 },
];

export const FUND_IDS = FUND_CATALOG.map((fund) => fund.fundId);

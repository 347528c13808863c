/**
 * Fund arithmetic, pure and exact: units are kept in millionths (`unitsMicro`, BIGINT), money
 * in cents. A purchase rounds units down, a valuation rounds cents down, so the bank never
 * hands out a fraction it does not hold.
 */
export interface FundPrice {
  fundId: string;
  name: string;
  currency: string;
  navCents: number;
}

export const UNIT_SCALE = 1_000_000n;

export function unitsFor(amountCents: number, navCents: number): number {
  return Number((BigInt(amountCents) * UNIT_SCALE) / BigInt(navCents));
}

export function valueOfUnits(unitsMicro: number, navCents: number): number {
  return Number((BigInt(unitsMicro) * BigInt(navCents)) / UNIT_SCALE);
}

export interface Holding {
  fundId: string;
  unitsMicro: number;
  /** What the customer paid for these units, in cents. */
  costCents: number;
}

export interface PricesView {
  prices: readonly FundPrice[];
  stale: boolean;
  ageMs: number;
  asOf: string;
}

/** The customer's portfolio valued at `prices` (null values when a fund has no price). */
export function valuePortfolio(
  customerId: string,
  holdings: readonly Holding[],
  prices: PricesView | undefined,
) {
  const byFund = new Map((prices?.prices ?? []).map((price) => [price.fundId, price]));
  let totalValueCents: number | null = 0;
  const rows = holdings.map((holding) => {
    const price = byFund.get(holding.fundId);
    const valueCents = price ? valueOfUnits(holding.unitsMicro, price.navCents) : null;
    totalValueCents =
      valueCents === null || totalValueCents === null ? null : totalValueCents + valueCents;
    return {
      fundId: holding.fundId,
      name: price?.name ?? holding.fundId,
      units: holding.unitsMicro / Number(UNIT_SCALE),
      unitsMicro: holding.unitsMicro,
      costCents: holding.costCents,
      navCents: price?.navCents ?? null,
      valueCents,
    };
  });
  return {
    customerId,
    currency: 'EUR',
    holdings: rows,
    totalValueCents,
    prices: prices
      ? { stale: prices.stale, ageMs: prices.ageMs, asOf: prices.asOf }
      : { stale: true, ageMs: null, asOf: null },
  };
}

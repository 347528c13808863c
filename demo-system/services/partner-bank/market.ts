import type { FundListing } from './funds';

/**
 * The market-data feed: fund prices that drift by a seeded random walk, one step per tick.
 * Pure apart from the caller's clock: the same seed and the same tick give the same prices.
 */
export interface FundPrice {
  fundId: string;
  name: string;
  currency: string;
  navCents: number;
}

export interface MarketOptions {
  funds: readonly FundListing[];
  seed: number;
  /** At most this relative move per tick and fund (0.01 = ±1 %). */
  volatility?: number;
}

/** Lowest NAV the walk allows, so a price never reaches zero. */
const FLOOR_CENTS = 100;

export class MarketWalk {
  private readonly random: () => number;
  private readonly navs: number[];
  private tick = 0;

  constructor(private readonly options: MarketOptions) {
    this.random = mulberry32(options.seed);
    this.navs = options.funds.map((fund) => fund.initialNavCents);
  }

  /** Prices after `tick` steps (a tick before the last one asked answers the last one). */
  pricesAt(tick: number): FundPrice[] {
    const volatility = this.options.volatility ?? 0.01;
    while (this.tick < tick) {
      this.tick += 1;
      this.navs.forEach((nav, i) => {
        const move = (this.random() * 2 - 1) * volatility;
        this.navs[i] = Math.max(FLOOR_CENTS, Math.round(nav * (1 + move)));
      });
    }
    return this.options.funds.map((fund, i) => ({
      fundId: fund.fundId,
      name: fund.name,
      currency: fund.currency,
      navCents: this.navs[i]!,
    }));
  }
}

/** mulberry32: a tiny seeded PRNG yielding floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

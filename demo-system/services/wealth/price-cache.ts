import type { FundPrice, PricesView } from './holdings';
import type { PricesRepository } from './prices-repository';

/**
 * Fund prices with a fallback. Fresh prices (younger than `freshMs`) are served from memory;
 * older ones are refreshed from the market feed (one call at a time). When the feed fails,
 * answers slowly or the sidecar refuses it (breaker open), the last prices are served marked
 * `stale: true` with their age, and the feed is not asked again for `retryAfterFailureMs`, so
 * a down feed costs readers nothing. The last prices are also stored, so they survive a
 * restart during an outage. Only with no price ever read is there nothing to serve.
 */
export type FeedAnswer = { ok: true; prices: FundPrice[] } | { ok: false; reason: string };

export interface PriceCacheOptions {
  fetchFeed: () => Promise<FeedAnswer>;
  store: PricesRepository;
  freshMs?: number;
  retryAfterFailureMs?: number;
  now?: () => number;
  /** Told when the feed fails or recovers (for logs and span events). */
  onFeedChange?: (state: { ok: boolean; reason?: string }) => void;
}

interface Snapshot {
  prices: FundPrice[];
  fetchedAt: number;
}

export class PriceCache {
  private snapshot: Snapshot | undefined;
  private loaded = false;
  private failing = false;
  private retryAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: PriceCacheOptions) {}

  async current(): Promise<PricesView | undefined> {
    const now = this.now();
    const fresh = this.snapshot && now - this.snapshot.fetchedAt < this.freshMs;
    if (!fresh && (!this.failing || now >= this.retryAt)) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = undefined;
      });
      await this.refreshing;
    }
    if (!this.snapshot && !this.loaded) await this.loadStored();
    return this.view();
  }

  private async refresh(): Promise<void> {
    const answer = await this.options.fetchFeed();
    const now = this.now();
    if (answer.ok) {
      this.snapshot = { prices: answer.prices, fetchedAt: now };
      if (this.failing) this.options.onFeedChange?.({ ok: true });
      this.failing = false;
      await this.options.store.save(answer.prices, new Date(now));
      return;
    }
    if (!this.failing) this.options.onFeedChange?.({ ok: false, reason: answer.reason });
    this.failing = true;
    this.retryAt = now + (this.options.retryAfterFailureMs ?? 2_000);
  }

  private async loadStored(): Promise<void> {
    this.loaded = true;
    const stored = await this.options.store.load();
    if (stored && !this.snapshot) {
      this.snapshot = { prices: stored.prices, fetchedAt: stored.fetchedAt.getTime() };
    }
  }

  private view(): PricesView | undefined {
    if (!this.snapshot) return undefined;
    const ageMs = Math.max(0, this.now() - this.snapshot.fetchedAt);
    return {
      prices: this.snapshot.prices,
      // Stale means served from the cache because the feed failed: when the feed works, a
      // snapshot older than freshMs is refreshed before it is served.
      stale: this.failing,
      ageMs,
      asOf: new Date(this.snapshot.fetchedAt).toISOString(),
    };
  }

  private get freshMs(): number {
    return this.options.freshMs ?? 2_000;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

import type { Locator, Page } from '@playwright/test';

/** /resilience: breaker cards and the resilience counters. */
export class ResiliencePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/resilience');
  }

  get breakersSection(): Locator {
    return this.page.getByRole('region', { name: 'Circuit breakers' });
  }

  get countersSection(): Locator {
    return this.page.getByRole('region', { name: /Retries, timeouts/ });
  }

  get breakerCards(): Locator {
    return this.page.getByTestId('breaker-card');
  }
}

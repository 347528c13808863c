import type { Locator, Page } from '@playwright/test';

/** /cqrs: one card per projection with its lag chart; the consumer-lag table below. */
export class CqrsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/cqrs');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'CQRS projections' });
  }

  get projectionCards(): Locator {
    return this.page.getByTestId('projection-card');
  }

  /** The projections' empty state (not the consumer-lag section's). */
  get emptyState(): Locator {
    return this.page.locator(
      '[data-testid="empty-state"]:not(section[aria-labelledby="consumer-lag-title"] *)',
    );
  }

  /** The "Consumer lag" section. */
  get consumerLag(): Locator {
    return this.page.getByRole('region', { name: 'Consumer lag', exact: true });
  }

  get consumerLagTable(): Locator {
    return this.page.getByRole('table', { name: 'Consumer lag per consumer group' });
  }

  /** The row of one consumer group. */
  consumerGroup(group: string): Locator {
    return this.consumerLagTable.locator(`tr[data-group="${group}"]`);
  }

  /** A group's total lag, as a number. */
  async groupLag(group: string): Promise<number> {
    const text = await this.consumerGroup(group).getByTestId('group-lag').textContent();
    return Number(text?.replace(/,/g, ''));
  }

  /** The "lag (events)" figure of a projection card. */
  lagEvents(card: Locator): Locator {
    return card
      .locator('dt', { hasText: 'lag (events)' })
      .locator('xpath=following-sibling::dd[1]');
  }

  get controlsNote(): Locator {
    return this.page.getByTestId('controls-note');
  }
}

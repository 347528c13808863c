import type { Locator, Page } from '@playwright/test';

/** /cqrs: one card per projection with its lag chart. */
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

  get emptyState(): Locator {
    return this.page.getByTestId('empty-state');
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

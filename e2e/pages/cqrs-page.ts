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

  get controlsNote(): Locator {
    return this.page.getByTestId('controls-note');
  }
}

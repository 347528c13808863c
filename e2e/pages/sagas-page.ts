import type { Locator, Page } from '@playwright/test';

/** /sagas and /sagas/[id]: the saga list with its status chips, and one saga's timeline. */
export class SagasPage {
  constructor(private readonly page: Page) {}

  async open(status?: string): Promise<void> {
    await this.page.goto(status ? `/sagas?status=${status}` : '/sagas');
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Sagas' });
  }

  /** Rows of sagas whose name is `name`. */
  rows(name: string): Locator {
    return this.page
      .getByTestId('saga-row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  chip(label: string): Locator {
    return this.page
      .getByRole('navigation', { name: 'Filter sagas by status' })
      .getByRole('link', { name: new RegExp(`^${label}\\b`) });
  }

  get statusBadges(): Locator {
    return this.page.getByTestId('saga-row').getByTestId('saga-status');
  }

  get timeline(): Locator {
    return this.page.getByRole('figure', { name: 'Saga timeline' });
  }

  get steps(): Locator {
    return this.timeline.getByTestId('saga-step');
  }
}

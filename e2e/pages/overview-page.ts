import type { Locator, Page } from '@playwright/test';

/** The overview page: live service graph and the stream's connection indicator. */
export class OverviewPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
  }

  /** The header's live-stream indicator (role=status). */
  get connection(): Locator {
    return this.page
      .getByRole('status')
      .filter({ hasText: /live|connecting|reconnecting|offline/i });
  }

  edgeLabel(source: string, target: string): Locator {
    return this.page.getByTestId(`edge-label-${source}-${target}`);
  }

  serviceNode(name: string): Locator {
    return this.page.getByLabel(new RegExp(`^service ${name},`));
  }
}

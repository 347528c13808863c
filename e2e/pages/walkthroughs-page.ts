import type { Locator, Page } from '@playwright/test';

/** /walkthroughs (the list with progress) and /walkthroughs/[slug] (one walkthrough's steps). */
export class WalkthroughsPage {
  constructor(private readonly page: Page) {}

  async openList(): Promise<void> {
    await this.page.goto('/walkthroughs');
  }

  async open(slug: string, step = 1): Promise<void> {
    await this.page.goto(`/walkthroughs/${slug}?step=${step}`);
  }

  card(slug: string): Locator {
    return this.page.locator(`[data-testid="walkthrough-card"][data-slug="${slug}"]`);
  }

  get step(): Locator {
    return this.page.getByTestId('walkthrough-step');
  }

  get stepLinks(): Locator {
    return this.page
      .getByRole('navigation', { name: 'Steps' })
      .getByTestId('walkthrough-step-link');
  }

  action(id: string): Locator {
    return this.step.locator(`[data-testid="walkthrough-action"][data-action="${id}"]`);
  }

  actionResult(id: string): Locator {
    return this.step.locator(`[data-testid="walkthrough-action-result"][data-action="${id}"]`);
  }

  check(id: string): Locator {
    return this.step.locator(`[data-testid="walkthrough-check"][data-check="${id}"]`);
  }

  get graph(): Locator {
    return this.page.getByTestId('walkthrough-graph');
  }

  highlightedNode(id: string): Locator {
    return this.graph.locator(`[data-node="${id}"][data-highlighted="true"]`);
  }

  get next(): Locator {
    return this.step.getByRole('button', { name: 'Next →' });
  }

  get finish(): Locator {
    return this.step.getByRole('link', { name: 'Finish' });
  }
}

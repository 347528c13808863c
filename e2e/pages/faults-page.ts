import type { Locator, Page } from '@playwright/test';

/** /faults: the injection panel (catalog forms, injected faults) and the telemetry windows. */
export class FaultsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/faults');
  }

  form(kind: string): Locator {
    return this.page.getByTestId(`inject-${kind}`);
  }

  async inject(kind: string, target: string, fields: Record<string, string>, ttl = '60') {
    const form = this.form(kind);
    await form.getByLabel('target').selectOption(target);
    for (const [label, value] of Object.entries(fields)) {
      await form.getByLabel(label, { exact: true }).fill(value);
    }
    await form.getByLabel('time to live (s)').fill(ttl);
    await form.getByRole('button', { name: 'Inject' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: /Injected flt_/ })
      .waitFor();
  }

  get injected(): Locator {
    return this.page.getByTestId('injected-fault');
  }

  get stopAll(): Locator {
    return this.page.getByRole('button', { name: 'Stop all faults' });
  }

  get ended(): Locator {
    return this.page.getByTestId('ended-fault');
  }

  get experimentRuns(): Locator {
    return this.page.getByTestId('experiment-run');
  }

  get telemetryRows(): Locator {
    return this.page.getByTestId('fault-row');
  }
}

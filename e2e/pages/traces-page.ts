import type { Locator, Page } from '@playwright/test';

/** /traces (search) and /traces/[id] (waterfall and span details). */
export class TracesPage {
  constructor(private readonly page: Page) {}

  async openSearch(query = ''): Promise<void> {
    await this.page.goto(`/traces${query}`);
  }

  async openTrace(traceId: string, spanId?: string): Promise<void> {
    await this.page.goto(`/traces/${traceId}${spanId ? `?span=${spanId}` : ''}`);
  }

  get searchForm(): Locator {
    return this.page.getByRole('form', { name: 'Search traces' });
  }

  get serviceSelect(): Locator {
    return this.searchForm.getByLabel('Service');
  }

  get findButton(): Locator {
    return this.searchForm.getByRole('button', { name: 'Find traces' });
  }

  get scatter(): Locator {
    return this.page.getByTestId('duration-scatter');
  }

  /** Result rows (links to a trace) whose text mentions every one of `services`. */
  results(...services: string[]): Locator {
    let rows = this.page.getByRole('list', { name: 'Matching traces' }).getByRole('link');
    for (const service of services) rows = rows.filter({ hasText: service });
    return rows;
  }

  get waterfall(): Locator {
    return this.page.getByRole('tree', { name: 'Spans' });
  }

  spanRows(service?: string): Locator {
    const rows = this.waterfall.getByRole('treeitem');
    return service ? rows.and(this.page.locator(`[data-service="${service}"]`)) : rows;
  }

  get criticalRows(): Locator {
    return this.waterfall.locator('[role="treeitem"][data-critical="true"]');
  }

  get criticalSegments(): Locator {
    return this.waterfall.getByTestId('critical-segment');
  }

  get criticalPathToggle(): Locator {
    return this.page.getByRole('button', { name: 'Critical path' });
  }

  get spanDetail(): Locator {
    return this.page.getByTestId('span-detail');
  }

  /** A titled section of the span details (Attributes, Events, Links, Logs, Resource). */
  detailSection(title: string): Locator {
    return this.spanDetail.locator('summary', { hasText: title });
  }

  get notFound(): Locator {
    return this.page.getByTestId('trace-not-found');
  }
}

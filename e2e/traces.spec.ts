import { TraceSearchResponse } from '../collectors/contracts';
import { expect, test } from './fixtures';
import { OverviewPage } from './pages/overview-page';
import { TracesPage } from './pages/traces-page';

test.describe('traces: search, waterfall, span details', () => {
  test('finds gateway traces and opens one as a waterfall with its critical path and span details', async ({
    page,
  }) => {
    const traces = new TracesPage(page);
    await traces.openSearch();

    // Search by service through the form: the search lands in the URL. Services are asked for
    // again with every search, so a system that is still starting up fills the select.
    const gatewayOption = traces.serviceSelect.getByRole('option', { name: 'gateway' });
    await expect(async () => {
      await traces.findButton.click();
      await expect(gatewayOption).toBeAttached({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await traces.serviceSelect.selectOption('gateway');
    await traces.findButton.click();
    await expect(page).toHaveURL(/\/traces\?service=gateway$/);

    // Traffic is live: search again until a gateway trace that reached accounts shows up.
    const withAccounts = traces.results('gateway', 'accounts');
    await expect(async () => {
      await traces.findButton.click();
      await expect(withAccounts.first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(traces.scatter).toBeVisible();

    await withAccounts.first().click();
    await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}$/);

    // The waterfall holds gateway and accounts spans and marks the critical path.
    await expect(traces.spanRows('gateway').first()).toBeVisible();
    await expect(traces.spanRows('accounts').first()).toBeVisible();
    await expect(traces.criticalRows.first()).toBeVisible();
    await expect(traces.criticalSegments.first()).toBeVisible();
    await expect(traces.criticalPathToggle).toHaveAttribute('aria-pressed', 'true');
    await traces.criticalPathToggle.click();
    await expect(traces.criticalSegments).toHaveCount(0);
    await traces.criticalPathToggle.click();
    await expect(traces.criticalSegments.first()).toBeVisible();

    // Collapsing the root hides the rest of the tree; expanding brings it back.
    const root = traces.spanRows().first();
    const total = await traces.spanRows().count();
    await root.getByRole('button', { name: /^Collapse / }).click();
    await expect(root).toHaveAttribute('aria-expanded', 'false');
    await expect(traces.spanRows()).toHaveCount(1);
    await root.getByRole('button', { name: /^Expand / }).click();
    await expect(traces.spanRows()).toHaveCount(total);

    // A span's details: its service, id and the attributes, events, links, logs sections.
    const accountsSpan = traces.spanRows('accounts').first();
    const spanId = (await accountsSpan.getAttribute('data-span-id'))!;
    await accountsSpan.click();
    await expect(page).toHaveURL(new RegExp(`\\?span=${spanId}$`));
    await expect(accountsSpan).toHaveAttribute('aria-selected', 'true');
    await expect(traces.spanDetail).toContainText('accounts');
    await expect(traces.spanDetail).toContainText(spanId);
    for (const section of ['Attributes', 'Events', 'Links', 'Logs', 'Resource']) {
      await expect(traces.detailSection(section)).toBeVisible();
    }

    // Keyboard: the tree moves focus with the keys and selects with Enter.
    await accountsSpan.focus();
    await page.keyboard.press('Home');
    await expect(root).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(root).toHaveAttribute('aria-selected', 'true');
  });

  test('a deep link to a span selects it, scrolls to it and shows its details', async ({
    page,
    request,
  }) => {
    // The last accounts span of a recent trace that reached accounts (low in the waterfall).
    let traceId = '';
    await expect(async () => {
      const response = await request.get('/api/v1/traces?service=accounts&limit=20');
      const found = TraceSearchResponse.parse(await response.json()).traces;
      const reached = found.find((trace) => trace.spanCount > 3);
      expect(reached).toBeDefined();
      traceId = reached!.traceId;
    }).toPass({ timeout: 30_000 });
    const trace = (await (await request.get(`/api/v1/traces/${traceId}`)).json()) as {
      spans: { spanId: string; service: string }[];
    };
    const spanId = trace.spans.filter((span) => span.service === 'accounts').at(-1)!.spanId;

    const traces = new TracesPage(page);
    await traces.openTrace(traceId, spanId);
    const linked = traces.waterfall.locator(`[data-span-id="${spanId}"]`);
    await expect(linked).toHaveAttribute('aria-selected', 'true');
    await expect(linked).toBeInViewport();
    await expect(traces.spanDetail).toContainText(spanId);
    await expect(traces.spanDetail).toContainText('accounts');

    // Closing the details drops the span from the URL.
    await traces.spanDetail.getByRole('button', { name: 'Close span details' }).click();
    await expect(page).toHaveURL(new RegExp(`/traces/${traceId}$`));
    await expect(traces.spanDetail).toHaveCount(0);
  });

  test('a click on a service in the overview graph opens its traces', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.serviceNode('accounts')).toBeVisible({ timeout: 30_000 });
    await overview.serviceNode('accounts').click();
    await overview.panel.getByRole('link', { name: 'All traces of accounts →' }).click();
    await expect(page).toHaveURL(/\/traces\?service=accounts$/);
    const traces = new TracesPage(page);
    await expect(traces.serviceSelect).toHaveValue('accounts');
    await expect(traces.results('accounts').first()).toBeVisible();
  });
});

import { apiRoutes, RedHistoryResponse } from '../collectors/contracts';
import { expect, test } from './fixtures';
import { OverviewPage } from './pages/overview-page';
import { TracesPage } from './pages/traces-page';

/** Where React Flow placed a node (its wrapper's transform), to check that filters move nothing. */
const placeOf = (page: import('@playwright/test').Page, id: string) =>
  page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((element) => {
    return (element as HTMLElement).style.transform;
  });

test.describe('overview: side panel, filters, traffic', () => {
  // The UI can answer before the control plane does; the overview reads its topology.
  test.beforeEach(async ({ request }) => {
    await expect
      .poll(async () => (await request.get('/api/control/topology')).status(), { timeout: 120_000 })
      .toBe(200);
  });

  test('a click on a node opens its panel with RED over time, traces and logs; a trace opens from it', async ({
    page,
  }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.serviceNode('accounts')).toBeVisible({ timeout: 30_000 });
    await overview.serviceNode('accounts').click();

    const panel = overview.panel;
    await expect(panel).toBeVisible();
    const heading = panel.getByRole('heading', { name: 'accounts' });
    await expect(heading).toBeFocused();
    // The charts fill from the live stream once two samples are in (one a second).
    await expect(panel.getByTestId('red-charts')).toBeVisible({ timeout: 15_000 });
    await expect(panel.getByRole('img', { name: /^Rate \(req\/s\) over the last/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: /^Duration p95 over the last/ })).toBeVisible();
    await expect(panel.getByTestId('panel-operations').getByRole('table')).toBeVisible({
      timeout: 15_000,
    });
    // Logs load (lines or the empty state), never the error state.
    const logs = panel.getByTestId('panel-logs');
    await expect(logs.getByText(/Loading logs/)).toHaveCount(0, { timeout: 15_000 });
    await expect(logs.getByRole('alert')).toHaveCount(0);
    const aroundLinks = logs.getByTestId('log-traces-around');
    if ((await aroundLinks.count()) > 0) {
      await expect(aroundLinks.first()).toHaveAttribute(
        'href',
        /^\/traces\?service=accounts&start=\d+&end=\d+$/,
      );
    }

    // Esc closes the panel and gives focus back to the node.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(page.locator('.react-flow__node[data-id="accounts"]')).toBeFocused();

    // A trace opens from the graph: node → panel → one of its recent traces.
    await overview.serviceNode('accounts').click();
    const traceLink = panel.getByTestId('panel-trace-link').first();
    await expect(traceLink).toBeVisible({ timeout: 20_000 });
    await traceLink.click();
    await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}$/);
    await expect(new TracesPage(page).spanRows('accounts').first()).toBeVisible();
  });

  test('on a fresh page the charts already hold the minutes before it loaded', async ({
    page,
    request,
  }) => {
    // The collectors sample every 5 s whether or not a page watches: wait until they hold a
    // sample of accounts taken well before this page loads.
    const historyUrl = `${apiRoutes.redHistory}?key=${encodeURIComponent('service:accounts')}`;
    await expect
      .poll(
        async () => {
          const response = await request.get(historyUrl);
          if (response.status() !== 200) return 0;
          const oldest = RedHistoryResponse.parse(await response.json()).series[0]?.samples[0];
          return oldest === undefined ? 0 : Date.now() - oldest.t;
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThan(8_000);

    const loadedAt = Date.now();
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.serviceNode('accounts')).toBeVisible({ timeout: 30_000 });
    await overview.serviceNode('accounts').click();
    const charts = overview.panel.getByTestId('red-charts');
    await expect(charts).toBeVisible({ timeout: 15_000 });
    // The stream alone could only start at the page load; the collectors' history reaches back.
    await expect
      .poll(async () => Number(await charts.getAttribute('data-from-unix-ms')))
      .toBeLessThan(loadedAt - 5_000);
    await expect(overview.panel.getByText(/Earlier minutes unavailable/)).toHaveCount(0);
  });

  test('Enter on a focused edge opens the call path’s panel; the close button returns focus', async ({
    page,
  }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    const edge = overview.edge('gateway', 'accounts');
    await expect(edge).toBeAttached({ timeout: 30_000 });
    await edge.focus();
    await page.keyboard.press('Enter');
    await expect(overview.panel.getByRole('heading', { name: 'gateway → accounts' })).toBeFocused();
    await expect(
      overview.panel.getByRole('link', { name: 'All traces of accounts →' }),
    ).toBeVisible();
    await overview.panel.getByRole('button', { name: 'Close details panel' }).click();
    await expect(overview.panel).toHaveCount(0);
    await expect(edge).toBeFocused();
  });

  test('filters hide nodes without moving the others', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.serviceNode('kyc')).toBeVisible({ timeout: 30_000 });
    await expect(overview.serviceNode('payments')).toBeVisible();
    const before = await placeOf(page, 'accounts');

    // Search: the matches and their neighbours stay.
    await overview.search.fill('paym');
    await expect(overview.serviceNode('kyc')).toHaveCount(0);
    await expect(overview.serviceNode('payments')).toBeVisible();
    await expect(overview.serviceNode('accounts')).toBeVisible();
    expect(await placeOf(page, 'accounts')).toBe(before);
    await overview.search.fill('');
    await expect(overview.serviceNode('kyc')).toBeVisible();

    // Kinds: the gateway goes, with its edges; back on a second press.
    await overview.kindToggle('gateway').click();
    await expect(overview.kindToggle('gateway')).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('service-node-gateway')).toHaveCount(0);
    await expect(overview.edgeLabel('gateway', 'accounts')).toHaveCount(0);
    expect(await placeOf(page, 'accounts')).toBe(before);
    await overview.kindToggle('gateway').click();
    await expect(page.getByTestId('service-node-gateway')).toBeVisible();
  });

  test('traffic dots run, and stop under reduced motion or when switched off', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.edgeLabel('gateway', 'accounts')).toBeVisible({ timeout: 30_000 });
    await expect(overview.trafficCanvas).toHaveAttribute('data-running', 'true');
    await overview.trafficToggle.uncheck();
    await expect(overview.trafficCanvas).toHaveAttribute('data-running', 'false');
    await overview.trafficToggle.check();
    await expect(overview.trafficCanvas).toHaveAttribute('data-running', 'true');

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expect(overview.trafficCanvas).toHaveAttribute('data-running', 'false');
    await expect(overview.trafficToggle).toBeDisabled();
    await expect(overview.trafficCanvas).toBeHidden();
  });

  test('an injected fault shows as a badge on its edge or node while it is active', async ({
    page,
    request,
  }) => {
    await expect
      .poll(async () => (await request.get('/api/control/faults')).status(), { timeout: 120_000 })
      .toBe(200);
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.edgeLabel('gateway', 'accounts')).toBeVisible({ timeout: 30_000 });
    try {
      const inject = (target: string) =>
        request.post('/api/control/faults', {
          data: { kind: 'latency', target, params: { delayMs: 20 }, ttlSeconds: 60 },
        });
      expect((await inject('gateway->accounts')).status()).toBe(201);
      expect((await inject('kyc')).status()).toBe(201);
      // fault.started travels as telemetry: control plane → collectors → live stream.
      await expect(page.getByTestId('edge-fault-gateway-accounts')).toContainText(/latency/i, {
        timeout: 30_000,
      });
      await expect(page.getByTestId('node-fault-kyc')).toContainText(/latency/i);
      await expect(page.getByTestId('node-fault-accounts')).toHaveCount(0);
    } finally {
      await request.delete('/api/control/faults');
    }
    await expect(page.getByTestId('edge-fault-gateway-accounts')).toHaveCount(0, {
      timeout: 30_000,
    });
    await expect(page.getByTestId('node-fault-kyc')).toHaveCount(0);
  });
});

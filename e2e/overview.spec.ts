import { expect, test } from './fixtures';
import { OverviewPage, serviceUrl } from './pages/overview-page';

test.describe('overview: live service graph', () => {
  test('shows gateway→accounts and gateway→payments edges whose numbers change live', async ({
    page,
  }) => {
    const overview = new OverviewPage(page);
    await overview.open();

    await expect(overview.connection).toContainText(/live/i);
    // Within 20 s of opening the dashboard, both edges carry figures.
    const toAccounts = overview.edgeLabel('gateway', 'accounts');
    const toPayments = overview.edgeLabel('gateway', 'payments');
    await expect(toAccounts).toBeVisible({ timeout: 20_000 });
    await expect(toPayments).toBeVisible({ timeout: 20_000 });
    await expect(toAccounts).toContainText(/req\/s/);
    await expect(toAccounts).toContainText(/p95/);

    for (const service of ['gateway', 'accounts', 'payments']) {
      await expect(overview.serviceNode(service)).toBeVisible();
    }

    // The figures are live: the label text changes without a reload.
    const first = (await toAccounts.textContent()) ?? '';
    await expect
      .poll(async () => (await toAccounts.textContent()) ?? '', { timeout: 20_000 })
      .not.toBe(first);
  });

  test('the edge-label switch is keyboard-operable and remembered across reloads', async ({
    page,
  }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    const label = overview.edgeLabel('gateway', 'accounts');
    await expect(label).toBeVisible();
    await expect(overview.metricButton('Rate')).toHaveAttribute('aria-pressed', 'true');
    await expect(label).toHaveAttribute('data-metric', 'rate');

    await overview.metricButton('p95').focus();
    await page.keyboard.press('Enter');
    await expect(overview.metricButton('p95')).toHaveAttribute('aria-pressed', 'true');
    await expect(overview.metricButton('Rate')).toHaveAttribute('aria-pressed', 'false');
    await expect(label).toHaveAttribute('data-metric', 'p95');

    await page.reload();
    await expect(overview.metricButton('p95')).toHaveAttribute('aria-pressed', 'true');
    await expect(overview.edgeLabel('gateway', 'accounts')).toHaveAttribute('data-metric', 'p95');
  });

  test('a breaker turns open on the graph', async ({ page, request }) => {
    const partnerBank = await serviceUrl(request, 'partner-bank');
    const behave = (data: object) => request.put(`${partnerBank}/admin/behaviour`, { data });
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.edgeLabel('payments', 'partner-bank')).toBeVisible({ timeout: 30_000 });

    try {
      expect((await behave({ failureRate: 1 })).ok()).toBe(true);
      // External transfers keep failing: payments' breaker for partner-bank opens (3 in a row).
      const badge = overview.edgeBreaker('payments', 'partner-bank');
      await expect(badge).toHaveAttribute('data-state', 'open', { timeout: 45_000 });
      await expect(badge).toContainText(/open/i);
      await page.screenshot({ path: test.info().outputPath('overview-breaker-open.png') });
    } finally {
      expect((await behave({})).ok()).toBe(true);
    }
    // Healthy again: the next half-open probe succeeds and the breaker closes.
    await expect(overview.edgeBreaker('payments', 'partner-bank')).toHaveAttribute(
      'data-state',
      'closed',
      { timeout: 45_000 },
    );
  });
});

import { expect, test } from './fixtures';
import { OverviewPage } from './pages/overview-page';

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
});

import { expect, test } from './fixtures';
import { SagasPage } from './pages/sagas-page';

test.describe('sagas', () => {
  test('lists transfer sagas live and shows one saga’s steps on a timeline', async ({ page }) => {
    const sagas = new SagasPage(page);
    await sagas.open();

    // The traffic generator sends transfers; their sagas appear without a reload.
    const transfers = sagas.rows('transfer');
    await expect(transfers.first()).toBeVisible({ timeout: 30_000 });
    await expect(transfers.first()).toContainText(/orchestrated|choreographed/);

    await transfers.first().getByRole('link', { name: 'transfer', exact: true }).click();
    await expect(page).toHaveURL(/\/sagas\/[^/]+$/);
    await expect(sagas.timeline).toBeVisible();
    await expect(sagas.steps.first()).toBeVisible();
    // Every step bar links to its span in the trace view.
    const stepLink = sagas.steps.first().getByRole('link');
    await expect(stepLink).toHaveAttribute('href', /^\/traces\/[0-9a-f]+\?span=[0-9a-f]+$/);
  });

  test('filters by status through the URL', async ({ page }) => {
    const sagas = new SagasPage(page);
    await sagas.open();
    await sagas.chip('completed').click();
    await expect(page).toHaveURL(/status=completed/);
    await expect(sagas.chip('completed')).toHaveAttribute('aria-current', 'true');
    await expect(sagas.statusBadges.first()).toBeVisible({ timeout: 30_000 });
    const statuses = await sagas.statusBadges.allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['completed']));
  });
});

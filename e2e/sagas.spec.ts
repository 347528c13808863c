import { SagaListResponse } from '../collectors/contracts';
import { expect, test } from './fixtures';
import { serviceUrl } from './pages/overview-page';
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
    const stepLink = sagas.steps.first().getByRole('link', { name: /open its trace$/ });
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

test.describe('sagas under a partner-bank failure', () => {
  // An unanswered partner call is retried until the send_external step's deadline (120 s in
  // the demo: DEFAULT_TIMINGS in payments) and never compensated blindly before it. Sagas that
  // start while partner-bank fails and still find it failing at their deadline are reversed
  // and released once it answers again.
  const FAILING_MS = 128_000;
  test.setTimeout(330_000);

  test('a saga timeline shows a compensation after partner-bank fails', async ({
    page,
    request,
  }) => {
    const partnerBank = await serviceUrl(request, 'partner-bank');
    const behave = (data: object) => request.put(`${partnerBank}/admin/behaviour`, { data });
    let failedAt = 0;
    try {
      expect((await behave({ failureRate: 1 })).ok()).toBe(true);
      failedAt = Date.now();
      await page.waitForTimeout(FAILING_MS);
    } finally {
      expect((await behave({})).ok()).toBe(true);
    }

    let sagaId = '';
    await expect(async () => {
      const response = await request.get('/api/v1/sagas?status=compensated&limit=500');
      const { sagas } = SagaListResponse.parse(await response.json());
      const compensated = sagas.find(
        (saga) =>
          saga.name === 'external_transfer' &&
          saga.startUnixMs >= failedAt &&
          saga.steps.some((step) => step.kind === 'compensation'),
      );
      expect(compensated, 'an external transfer compensated after the failure').toBeDefined();
      sagaId = compensated!.id;
    }).toPass({ timeout: 150_000, intervals: [5_000] });

    const sagas = new SagasPage(page);
    await page.goto(`/sagas/${encodeURIComponent(sagaId)}`);
    await expect(sagas.timeline).toBeVisible();
    const compensation = sagas.steps.and(page.locator('[data-kind="compensation"]'));
    await expect(compensation.first()).toBeVisible();
    await expect(compensation.first()).toContainText('compensation');
    // From the step, one click reaches the traces around it.
    const around = compensation.first().getByTestId('step-traces-around');
    await expect(around).toHaveAttribute('href', /^\/traces\?service=[^&]+&start=\d+&end=\d+$/);
    await around.click();
    await expect(page).toHaveURL(/\/traces\?service=[^&]+&start=\d+&end=\d+$/);
  });
});

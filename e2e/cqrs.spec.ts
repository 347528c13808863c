import { expect, test } from './fixtures';
import { CqrsPage } from './pages/cqrs-page';

test.describe('cqrs', () => {
  // The UI can answer before the demo-system's control plane does: the page reads its topology.
  test.beforeEach(async ({ request }) => {
    await expect
      .poll(async () => (await request.get('/api/control/topology')).status(), { timeout: 120_000 })
      .toBe(200);
  });

  test('shows each projection with its lag chart, or what metrics it needs', async ({ page }) => {
    const cqrs = new CqrsPage(page);
    await cqrs.open();
    await expect(cqrs.heading).toBeVisible();

    const loaded = cqrs.projectionCards.first().or(cqrs.emptyState);
    await expect(loaded).toBeVisible();
    if (await cqrs.projectionCards.count()) {
      await expect(cqrs.projectionCards.first().getByTestId('lag-chart')).toBeVisible();
      await expect(cqrs.projectionCards.first()).toContainText(/running|paused|rebuilding/i);
    } else {
      await expect(cqrs.emptyState).toContainText('projection.position');
      await expect(cqrs.emptyState).toContainText('eventstore.position');
    }
  });

  test('pausing a projection grows its lag on the chart; resuming catches up', async ({ page }) => {
    const cqrs = new CqrsPage(page);
    await cqrs.open();
    // The control plane lists the projections it steers; their cards carry the buttons.
    const card = cqrs.projectionCards.filter({ has: page.getByRole('button', { name: 'pause' }) });
    await expect(card.first()).toBeVisible({ timeout: 60_000 });
    const projection = card.first();
    const name = (await projection.getByRole('heading').textContent()) ?? '';
    const steered = cqrs.projectionCards.filter({
      has: page.getByRole('heading', { name, exact: true }),
    });
    try {
      await steered.getByRole('button', { name: 'pause' }).click();
      await expect(steered).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
      const lag = async () =>
        Number((await cqrs.lagEvents(steered).textContent())?.replace(/,/g, ''));
      const atPause = await lag();
      // Traffic keeps appending events the paused projection does not apply.
      await expect.poll(lag, { timeout: 45_000 }).toBeGreaterThan(atPause);
      await expect(steered.getByTestId('lag-chart')).toBeVisible();
    } finally {
      await steered.getByRole('button', { name: 'resume' }).click();
    }
    await expect(steered).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  });
});

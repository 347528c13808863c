import { expect, test } from './fixtures';
import { CqrsPage } from './pages/cqrs-page';

test.describe('cqrs', () => {
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

    // The control plane does not steer projections yet: no buttons pretend it does.
    await expect(cqrs.controlsNote).toBeVisible();
    await expect(page.getByRole('button', { name: /pause|resume|rebuild/i })).toHaveCount(0);
  });
});

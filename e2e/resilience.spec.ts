import { expect, test } from './fixtures';
import { ResiliencePage } from './pages/resilience-page';

test.describe('resilience', () => {
  test('shows the breakers (or says what telemetry they need) and the counters', async ({
    page,
  }) => {
    const resilience = new ResiliencePage(page);
    await resilience.open();

    // Loaded: either breaker cards with a state in words, or the empty state naming the event.
    const loaded = resilience.breakerCards
      .first()
      .or(resilience.breakersSection.getByText('No circuit breakers seen yet'));
    await expect(loaded).toBeVisible();
    if (await resilience.breakerCards.count()) {
      await expect(resilience.breakerCards.first()).toContainText(/closed|open|half-open/i);
      await expect(resilience.breakerCards.first()).toContainText('error %');
    }

    const counters = resilience.countersSection
      .getByTestId('resilience-totals')
      .or(resilience.countersSection.getByText('No resilience counters yet'));
    await expect(counters).toBeVisible();
  });

  test('the faults page renders its loaded or empty state', async ({ page }) => {
    await page.goto('/faults');
    const loaded = page
      .getByRole('heading', { name: /^Active/ })
      .or(page.getByText('No faults seen yet'));
    await expect(loaded).toBeVisible();
  });
});

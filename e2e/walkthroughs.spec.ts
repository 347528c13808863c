import { mkdirSync } from 'node:fs';
import { WALKTHROUGHS } from '../components/walkthroughs/content';
import { expect, test } from './fixtures';
import { WalkthroughsPage } from './pages/walkthroughs-page';

/**
 * Every walkthrough, end to end, on the live platform: each step's actions run for real (bank
 * requests through the gateway, faults through the control plane) and each check must pass from
 * the collectors' telemetry (or the control plane's invariant) within its own timeout.
 */
test.describe('walkthroughs', () => {
  test.beforeEach(async ({ request }) => {
    await expect
      .poll(async () => (await request.get('/api/control/faults')).status(), { timeout: 120_000 })
      .toBe(200);
  });

  test.afterEach(async ({ request }) => {
    await request.delete('/api/control/faults');
  });

  test('the list shows every walkthrough with its progress, and keeps it', async ({ page }) => {
    const walkthroughs = new WalkthroughsPage(page);
    await walkthroughs.openList();
    await expect(page.getByTestId('walkthrough-card')).toHaveCount(WALKTHROUGHS.length);
    const first = WALKTHROUGHS[0]!;
    await expect(walkthroughs.card(first.slug)).toContainText('Not started');

    // Deep link to step 2, then move with the keyboard; the URL and storage follow.
    await walkthroughs.open(first.slug, 2);
    await expect(walkthroughs.step).toHaveAttribute('data-step', first.steps[1]!.id);
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(new RegExp(`/walkthroughs/${first.slug}\\?step=1$`));
    await expect(walkthroughs.step).toHaveAttribute('data-step', first.steps[0]!.id);
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/\?step=2$/);
    await walkthroughs.openList();
    await expect(walkthroughs.card(first.slug)).toContainText('In progress');
    await walkthroughs
      .card(first.slug)
      .getByRole('link', { name: `Resume ${first.title}` })
      .click();
    await expect(page).toHaveURL(/\?step=2$/);
  });

  for (const walkthrough of WALKTHROUGHS) {
    test(`completes "${walkthrough.title}" on the live system`, async ({ page }) => {
      const budget = walkthrough.steps
        .flatMap((s) => s.checks.map((c) => c.timeoutMs))
        .reduce((a, b) => a + b, 0);
      test.setTimeout(budget + 60_000);
      const walkthroughs = new WalkthroughsPage(page);
      await walkthroughs.open(walkthrough.slug);

      for (const [index, step] of walkthrough.steps.entries()) {
        await expect(walkthroughs.step).toHaveAttribute('data-step', step.id);
        await expect(page).toHaveURL(new RegExp(`\\?step=${index + 1}$`));
        for (const node of step.highlight.nodes)
          await expect(walkthroughs.highlightedNode(node)).toBeVisible();

        for (const action of step.actions) {
          await walkthroughs.action(action.id).click();
          const result = walkthroughs.actionResult(action.id);
          await expect(result).toBeVisible({ timeout: 30_000 });
          await expect(
            result,
            `${step.id}/${action.id}: ${await result.textContent()}`,
          ).toHaveAttribute('data-ok', 'true');
        }
        for (const check of step.checks) {
          const row = walkthroughs.check(check.id);
          await expect(row, `${walkthrough.slug}/${step.id}/${check.id}`).toHaveAttribute(
            'data-status',
            'passed',
            { timeout: check.timeoutMs + 5_000 },
          );
        }
        await expect(walkthroughs.step.getByTestId('walkthrough-step-done')).toBeVisible();
        if (index < walkthrough.steps.length - 1) await walkthroughs.next.click();
      }
      await walkthroughs.finish.click();
      await expect(walkthroughs.card(walkthrough.slug)).toContainText('Completed');
    });
  }

  test('screenshots in dark and light at 1366x768', async ({ page }) => {
    mkdirSync('/tmp/ui-shots', { recursive: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    const walkthroughs = new WalkthroughsPage(page);
    for (const theme of ['dark', 'light'] as const) {
      await walkthroughs.openList();
      await page.evaluate((t) => localStorage.setItem('patternscope-theme', t), theme);
      await page.reload();
      await expect(page.getByTestId('walkthrough-card')).toHaveCount(WALKTHROUGHS.length);
      await page.screenshot({ path: `/tmp/ui-shots/walk-list-${theme}.png` });
      await walkthroughs.open('circuit-breakers');
      await expect(walkthroughs.highlightedNode('partner-bank')).toBeVisible();
      await expect(walkthroughs.check('opened')).toHaveAttribute('data-status', /pending|failed/);
      await page.screenshot({ path: `/tmp/ui-shots/walk-step-${theme}.png` });
      await page.screenshot({ path: `/tmp/ui-shots/walk-step-${theme}-full.png`, fullPage: true });
    }
  });
});

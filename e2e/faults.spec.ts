import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { FaultsPage } from './pages/faults-page';

/**
 * The fault panel against the running stack: inject from a kind's form, watch the countdown,
 * revert with the keyboard, stop all, and see the fault windows arrive from telemetry.
 */
test.describe('fault injection', () => {
  // The UI answers before the demo-system's control plane is up: wait for it outside the page.
  test.beforeEach(async ({ request }) => {
    await expect
      .poll(async () => (await request.get('/api/control/faults')).status(), { timeout: 120_000 })
      .toBe(200);
  });

  test.afterEach(async ({ request }) => {
    await request.delete('/api/control/faults');
  });

  test('injects, counts down, reverts by keyboard and stops all', async ({ page }) => {
    const faults = new FaultsPage(page);
    await faults.open();
    await expect(faults.form('latency')).toBeVisible();
    await expect(page.getByText('No fault injected')).toBeVisible();

    await faults.inject('latency', 'accounts', { 'delay ms': '150' }, '45');
    const row = faults.injected.filter({ hasText: 'latency' });
    await expect(row).toContainText('accounts');
    await expect(row).toContainText('delayMs=150');
    await expect(row.getByTestId('countdown')).toHaveText(/^0:(4[0-5]|3\d)$/);

    // Revert from the keyboard.
    await row.getByRole('button', { name: 'Revert latency on accounts' }).focus();
    await page.keyboard.press('Enter');
    await expect(row).toHaveCount(0);
    await expect(faults.ended.filter({ hasText: 'latency' }).first()).toContainText('reverted');

    // Telemetry marks it: the collectors' fault window for latency on accounts.
    await expect(
      faults.telemetryRows.filter({ hasText: 'latency' }).filter({ hasText: 'accounts' }).first(),
    ).toBeVisible();

    // Out-of-range params are stopped in the browser, before any request.
    const spike = faults.form('traffic-spike');
    const multiplier = spike.getByLabel('multiplier', { exact: true });
    await multiplier.fill('500');
    await spike.getByRole('button', { name: 'Inject' }).click();
    expect(await multiplier.evaluate((el) => (el as HTMLInputElement).checkValidity())).toBe(false);
    await expect(faults.injected).toHaveCount(0);

    await faults.inject('errors', 'payments', { status: '503', percentage: '10' });
    await faults.inject('partner-bank', 'partner-bank', {}, '30');
    await expect(faults.injected).toHaveCount(2);
    await faults.stopAll.click();
    await expect(faults.injected).toHaveCount(0);
    await expect(faults.ended.filter({ hasText: 'stopped-all' })).toHaveCount(2);
  });

  test('runs an experiment and shows its report', async ({ page }) => {
    test.setTimeout(150_000);
    const faults = new FaultsPage(page);
    await faults.open();
    const form = page.getByRole('form', { name: 'Run an experiment' });
    await form.getByLabel('scenario').selectOption('slow-accounts');
    await form.getByLabel('seed').fill('7');
    await form.getByLabel('duration (s)').fill('12');
    await form.getByRole('button', { name: 'Run experiment' }).click();
    const run = faults.experimentRuns.filter({ hasText: 'slow-accounts' }).first();
    await expect(run).toContainText('seed 7');
    await expect(run).toContainText('latency on accounts');
    await expect(run.getByTestId('experiment-status')).toHaveText(/passed|failed/i, {
      timeout: 90_000,
    });
    await expect(run.getByRole('table', { name: 'Hypothesis' })).toContainText('money invariant');
    await expect(run).toContainText('gateway over time');
  });

  test('screenshots in dark and light at 1366x768', async ({ page }) => {
    mkdirSync('/tmp/ui-shots', { recursive: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    const faults = new FaultsPage(page);
    await faults.open();
    await faults.inject('latency', 'gateway->accounts', { 'delay ms': '100' }, '120');
    await faults.inject('partner-bank', 'partner-bank', {}, '90');
    for (const theme of ['dark', 'light'] as const) {
      await page.evaluate((t) => localStorage.setItem('patternscope-theme', t), theme);
      await page.reload();
      await expect(faults.injected).toHaveCount(2);
      await page.screenshot({ path: `/tmp/ui-shots/faults-${theme}.png` });
      await page.screenshot({ path: `/tmp/ui-shots/faults-${theme}-full.png`, fullPage: true });
    }
  });
});

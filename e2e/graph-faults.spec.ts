import { expect, test } from './fixtures';
import { OverviewPage } from './pages/overview-page';

test.describe('overview: fault context menu', () => {
  // The UI can answer before the control plane does; the overview reads its topology.
  test.beforeEach(async ({ request }) => {
    await expect
      .poll(async () => (await request.get('/api/control/topology')).status(), { timeout: 120_000 })
      .toBe(200);
  });

  test('from the keyboard: a latency fault on payments→accounts is injected, badged and reverted from the menu', async ({
    page,
    request,
  }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    const edge = overview.edge('payments', 'accounts');
    await expect(edge).toBeVisible({ timeout: 30_000 });
    const badge = page.getByTestId('edge-fault-payments-accounts');
    try {
      await edge.focus();
      await page.keyboard.press('Shift+F10');
      const menu = page.getByRole('menu', { name: /Faults on payments → accounts/ });
      await expect(menu).toBeVisible();
      // Only what applies to the call path: no crash (a node's fault) here.
      const latency = menu.getByRole('menuitem', { name: /latency · payments->accounts/i });
      await expect(latency).toBeFocused();
      await expect(menu.getByRole('menuitem', { name: /crash/i })).toHaveCount(0);
      await expect(menu.getByRole('menuitem', { name: /partition/i })).toHaveCount(1);

      // Arrows move through the items; Esc closes and gives the focus back to the edge.
      await page.keyboard.press('ArrowUp');
      await expect(menu.getByRole('menuitem', { name: /All faults/ })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await expect(edge).toBeFocused();

      await page.keyboard.press('Shift+F10');
      await expect(latency).toBeFocused();
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: /Inject/ });
      await expect(form).toBeVisible();
      await form.getByLabel('time to live (s)').fill('120');
      await form.getByRole('button', { name: 'Inject' }).click();
      await expect(form.getByRole('status')).toContainText(/Injected/);

      // fault.started travels as telemetry: control plane → collectors → live stream.
      await expect(badge).toContainText(/latency/i, { timeout: 30_000 });
      const revert = menu.getByRole('menuitem', { name: /Revert latency/ });
      await expect(revert).toBeVisible({ timeout: 10_000 });
      await revert.click();
      await expect(revert).toHaveCount(0, { timeout: 10_000 });
      await expect(badge).toHaveCount(0, { timeout: 30_000 });

      // A click elsewhere closes the menu.
      await page.getByTestId('service-graph').click({ position: { x: 8, y: 8 } });
      await expect(menu).toBeHidden();
    } finally {
      const faults = (await (await request.get('/api/control/faults')).json()) as {
        active: { id: string; target: string }[];
      };
      for (const fault of faults.active.filter((f) => f.target === 'payments->accounts'))
        await request.delete(`/api/control/faults/${fault.id}`);
    }
  });

  test('a right-click on a virtual node says when no fault applies', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    const user = page.locator('.react-flow__node[data-id="user"]');
    await expect(user).toBeVisible({ timeout: 30_000 });
    await user.click({ button: 'right' });
    const dialog = page.getByTestId('fault-menu');
    await expect(dialog).toContainText(/No fault kind applies to user/);
    await expect(dialog.getByRole('menuitem', { name: /All faults/ })).toBeVisible();
  });
});

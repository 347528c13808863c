import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { CqrsPage } from './pages/cqrs-page';

/**
 * The consumer-lag table on /cqrs against the running stack (embedded bus: the services report
 * `messaging.consumer.lag`): a paused consumer group's backlog grows, and drains once resumed.
 */
const GROUP = 'notifications.notices';
const SHOTS = '/tmp/ui-shots';

test.describe('consumer lag', () => {
  test.beforeEach(async ({ request }) => {
    await expect
      .poll(async () => (await request.get('/api/control/faults')).status(), { timeout: 120_000 })
      .toBe(200);
  });

  test.afterEach(async ({ request }) => {
    await request.delete('/api/control/faults');
  });

  test('lists the consumer groups, with service and topics, by keyboard', async ({ page }) => {
    const cqrs = new CqrsPage(page);
    await cqrs.open();
    await expect(cqrs.consumerLag.getByRole('heading', { name: 'Consumer lag' })).toBeVisible();
    const row = cqrs.consumerGroup(GROUP);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText('notifications');
    await expect(row.getByRole('cell').nth(1)).toHaveText(/\S+\.events/);
    await expect(cqrs.consumerLag.getByTestId('consumer-lag-source')).toContainText(
      'messaging.consumer.lag',
    );
    // The table's scroll region is reachable from the keyboard.
    const region = cqrs.consumerLag.getByRole('region', { name: 'Consumer lag table' });
    await region.focus();
    await expect(region).toBeFocused();
  });

  test('a paused group’s lag rises above 0 and drains to 0 after the revert', async ({
    page,
    request,
  }) => {
    test.setTimeout(150_000);
    mkdirSync(SHOTS, { recursive: true });
    const cqrs = new CqrsPage(page);
    await cqrs.open();
    await expect(cqrs.consumerGroup(GROUP)).toBeVisible({ timeout: 30_000 });
    const injected = await request.post('/api/control/faults', {
      data: { kind: 'consumer-pause', target: GROUP, ttlSeconds: 120 },
    });
    expect(injected.status()).toBe(201);
    const { id } = (await injected.json()) as { id: string };
    try {
      // Traffic keeps publishing what the paused group does not consume.
      await expect.poll(() => cqrs.groupLag(GROUP), { timeout: 60_000 }).toBeGreaterThan(0);
      await expect.poll(() => cqrs.groupLag(GROUP), { timeout: 30_000 }).toBeGreaterThan(1);
      await expect(cqrs.consumerGroup(GROUP).getByTestId('group-state')).toContainText(
        'fault: consumer-pause',
      );
      await expect(cqrs.consumerLag.getByTestId('consumer-lag-chart')).toBeVisible();
      await cqrs.consumerLag.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/consumer-lag-paused.png`, fullPage: true });
    } finally {
      expect((await request.delete(`/api/control/faults/${id}`)).status()).toBe(200);
    }
    await expect.poll(() => cqrs.groupLag(GROUP), { timeout: 60_000 }).toBe(0);
    await expect(cqrs.consumerGroup(GROUP).getByTestId('group-state')).not.toContainText('fault');
    // The chart's fault window for the pause, in its legend.
    await expect(cqrs.consumerLag).toContainText(`consumer-pause on ${GROUP}`);
    await page.screenshot({ path: `${SHOTS}/consumer-lag-drained.png`, fullPage: true });
  });
});

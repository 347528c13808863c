import { mkdirSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { CqrsPage } from './pages/cqrs-page';

/**
 * The consumer-lag table on /cqrs against the running stack: a paused consumer group's backlog
 * grows, and drains once resumed. The stack runs on whichever bus its environment names: the
 * embedded bus (the services report `messaging.consumer.lag`; the page also charts it) or Kafka
 * when KAFKA_BROKERS is set, as in CI (the collectors read the lag from the broker; no chart).
 */
const GROUP = 'notifications.notices';
const SHOTS = '/tmp/ui-shots';

type LagSource = 'broker' | 'telemetry';

/** Where the collectors read the lag from in this run, once they have figures. */
async function lagSource(request: APIRequestContext): Promise<LagSource> {
  let source: LagSource | undefined;
  await expect
    .poll(
      async () => {
        const answer = await request.get('/api/v1/consumer-lag');
        if (!answer.ok()) return undefined;
        source = ((await answer.json()) as { source?: LagSource }).source;
        return source;
      },
      { timeout: 60_000 },
    )
    .toMatch(/^(broker|telemetry)$/);
  return source as LagSource;
}

const SOURCE_TEXT: Record<LagSource, string> = {
  broker: 'read from the Kafka broker',
  telemetry: 'messaging.consumer.lag',
};

test.describe('consumer lag', () => {
  test.beforeEach(async ({ request }) => {
    await expect
      .poll(async () => (await request.get('/api/control/faults')).status(), { timeout: 120_000 })
      .toBe(200);
  });

  test.afterEach(async ({ request }) => {
    await request.delete('/api/control/faults');
  });

  test('lists the consumer groups, with service and topics, by keyboard', async ({
    page,
    request,
  }) => {
    const source = await lagSource(request);
    const cqrs = new CqrsPage(page);
    await cqrs.open();
    await expect(cqrs.consumerLag.getByRole('heading', { name: 'Consumer lag' })).toBeVisible();
    const row = cqrs.consumerGroup(GROUP);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText('notifications');
    await expect(row.getByRole('cell').nth(1)).toHaveText(/\S+\.events/);
    await expect(cqrs.consumerLag.getByTestId('consumer-lag-source')).toContainText(
      SOURCE_TEXT[source],
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
    const source = await lagSource(request);
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
      // Only reported lag has a history to chart; the broker's is read as it stands.
      await expect(cqrs.consumerLag.getByTestId('consumer-lag-chart')).toHaveCount(
        source === 'telemetry' ? 1 : 0,
      );
      await cqrs.consumerLag.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/consumer-lag-paused.png`, fullPage: true });
    } finally {
      expect((await request.delete(`/api/control/faults/${id}`)).status()).toBe(200);
    }
    await expect.poll(() => cqrs.groupLag(GROUP), { timeout: 60_000 }).toBe(0);
    await expect(cqrs.consumerGroup(GROUP).getByTestId('group-state')).not.toContainText('fault');
    // The chart's fault window for the pause, in its legend.
    if (source === 'telemetry') {
      await expect(cqrs.consumerLag).toContainText(`consumer-pause on ${GROUP}`);
    }
    await page.screenshot({ path: `${SHOTS}/consumer-lag-drained.png`, fullPage: true });
  });
});

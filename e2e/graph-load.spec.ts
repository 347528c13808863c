import { expect, test } from './fixtures';

/**
 * The graph with 50 services and 10 updates a second (the dev-only synthetic route) stays
 * usable: every service renders, updates keep landing, nothing moves, and the filters answer
 * while it runs. How fast is measured by `npm run bench` (graph load), not asserted here.
 */
test('the graph with 50 services and 10 updates a second stays responsive and stable', async ({
  page,
}) => {
  await page.goto('/dev/graph-load?services=50&hz=10');
  const services = page.locator('[data-testid^="service-node-svc-"]:not([data-testid$="-db"])');
  await expect(services).toHaveCount(49, { timeout: 30_000 });
  await expect(page.getByTestId('service-node-gateway')).toBeVisible();

  const updates = page.getByTestId('synthetic-updates');
  const place = () =>
    page
      .locator('.react-flow__node[data-id="svc-20"]')
      .evaluate((element) => (element as HTMLElement).style.transform);
  const firstPlace = await place();
  const first = Number(await updates.textContent());
  await expect.poll(async () => Number(await updates.textContent())).toBeGreaterThan(first + 10);
  expect(await place()).toBe(firstPlace);

  // Filters answer under load and leave the layout alone.
  await page.getByLabel('Find a service by name').fill('svc-20');
  await expect(page.getByTestId('service-node-svc-20')).toBeVisible();
  await expect(services).not.toHaveCount(49);
  expect(await place()).toBe(firstPlace);
  await page.getByLabel('Find a service by name').fill('');
  await expect(services).toHaveCount(49);
});

import { z } from 'zod';
import type { FaultKind } from './types';

/**
 * A paused or slowed projection (a CQRS read model), through its service's own projection
 * controls (`POST /projections/:name/pause|resume`, `PUT /projections/:name/speed`). The revert
 * puts back the state and speed it had. Target: `service/name`, e.g. `accounts/balances`.
 */

const params = z
  .object({
    mode: z.enum(['pause', 'slow']).default('pause'),
    /** slow: the wait before each event (the service allows at most 10 s). */
    delayMs: z.number().int().min(1).max(10_000).default(1_000),
  })
  .strict();

const statusSchema = z.array(
  z.object({ name: z.string(), state: z.string(), delayMs: z.number().default(0) }).passthrough(),
);

async function call(url: string, method: 'POST' | 'PUT', body?: unknown): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}`);
}

export const projectionFault: FaultKind<typeof params> = {
  kind: 'projection',
  title: 'Paused or slow projection',
  description:
    'A read model stops following its event store (pause) or follows it slowly (delayMs per event), so queries read stale data and the projection lag grows; the revert restores its state and speed.',
  targetType: 'projection',
  params,
  exclusive: true,
  targets: async (platform) => (await platform.projections?.()) ?? [],
  apply: async ({ target, params: p, platform }) => {
    const [service, name] = target.split('/') as [string, string];
    const base = platform.serviceUrl?.(service);
    if (!base) throw new Error(`${service} is not running`);
    const listing = await (await fetch(`${base}/projections`)).json();
    const list = statusSchema.parse(
      Array.isArray(listing) ? listing : (listing as { projections?: unknown }).projections,
    );
    const before = list.find((s) => s.name === name);
    if (!before) throw new Error(`${service} has no projection ${name}`);
    const url = `${base}/projections/${encodeURIComponent(name)}`;
    if (p.mode === 'pause') {
      await call(`${url}/pause`, 'POST');
      return () => (before.state === 'paused' ? undefined : call(`${url}/resume`, 'POST'));
    }
    await call(`${url}/speed`, 'PUT', { delayMs: p.delayMs });
    return () => call(`${url}/speed`, 'PUT', { delayMs: before.delayMs });
  },
};

import type { Action, FaultSpec, Walkthrough } from '../model/types';

/**
 * Carries out a step's actions through the dashboard's own routes: faults and traffic through
 * the control-plane proxy (/api/control), bank requests through /api/walkthroughs/bank. Never
 * throws: every outcome is a message to show. A fault already active on the same target is
 * adopted instead of refused (409), so repeating a step is harmless.
 */

export interface ActionResult {
  ok: boolean;
  message: string;
  /** The trace of a bank request, for the step's trace checks and a link. */
  traceId?: string;
}

/** Where traffic changes remember the state to restore (sessionStorage in the browser). */
export interface RestoreStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface ActionDeps {
  fetchImpl?: typeof fetch;
  store: RestoreStore;
}

const FAULTS = '/api/control/faults';
const TRAFFIC = '/api/control/traffic';
const BANK = '/api/walkthroughs/bank';

export const trafficRestoreKey = (slug: string) => `patternscope.walkthroughs.traffic.${slug}`;

interface ActiveFault {
  id: string;
  kind: string;
  target: string;
  status?: string;
}

async function request(
  fetchImpl: typeof fetch,
  url: string,
  init?: { method?: string; body?: unknown },
): Promise<{ status: number; body: unknown }> {
  const response = await fetchImpl(url, {
    method: init?.method ?? 'GET',
    headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    cache: 'no-store',
  });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

function errorText(status: number, body: unknown): string {
  const record = (body ?? {}) as { error?: unknown; message?: unknown };
  const text = typeof record.message === 'string' ? record.message : record.error;
  return typeof text === 'string' ? `${status}: ${text}` : `answered ${status}`;
}

async function activeFaults(fetchImpl: typeof fetch): Promise<ActiveFault[]> {
  const { status, body } = await request(fetchImpl, FAULTS);
  if (status !== 200) throw new Error(`the fault list ${errorText(status, body)}`);
  const active = (body as { active?: unknown }).active;
  return Array.isArray(active) ? (active as ActiveFault[]) : [];
}

const sameFault = (a: { kind: string; target: string }, b: FaultSpec) =>
  a.kind === b.kind && a.target === b.target;

async function injectFault(fetchImpl: typeof fetch, fault: FaultSpec): Promise<ActionResult> {
  const existing = (await activeFaults(fetchImpl)).find(
    (f) => sameFault(f, fault) && f.status !== 'ended',
  );
  if (existing) return { ok: true, message: `already active (${existing.id})` };
  const { status, body } = await request(fetchImpl, FAULTS, {
    method: 'POST',
    body: {
      kind: fault.kind,
      target: fault.target,
      params: fault.params ?? {},
      ttlSeconds: fault.ttlSeconds,
    },
  });
  if (status !== 201) return { ok: false, message: `refused, ${errorText(status, body)}` };
  const id = (body as { id?: unknown }).id;
  return {
    ok: true,
    message: `injected${typeof id === 'string' ? ` (${id})` : ''}, reverts itself in ${fault.ttlSeconds} s`,
  };
}

async function changeTraffic(
  deps: Required<ActionDeps>,
  slug: string,
  change: { ratePerSecond?: number; weights?: Readonly<Record<string, number>> },
): Promise<ActionResult> {
  const current = await request(deps.fetchImpl, TRAFFIC);
  if (current.status !== 200)
    return { ok: false, message: `traffic ${errorText(current.status, current.body)}` };
  const state = current.body as { ratePerSecond?: number; weights?: Record<string, number> };
  const key = trafficRestoreKey(slug);
  if (deps.store.get(key) === null)
    deps.store.set(
      key,
      JSON.stringify({ ratePerSecond: state.ratePerSecond, weights: state.weights }),
    );
  const { status, body } = await request(deps.fetchImpl, TRAFFIC, { method: 'PUT', body: change });
  if (status !== 200) return { ok: false, message: `traffic ${errorText(status, body)}` };
  return { ok: true, message: 'traffic changed; “revert” restores it' };
}

/** Every fault of the walkthrough still active is reverted; changed traffic is restored. */
async function revert(deps: Required<ActionDeps>, walkthrough: Walkthrough): Promise<ActionResult> {
  const specs = walkthrough.steps.flatMap((s) =>
    s.actions.flatMap((a) => (a.kind === 'fault' ? [a.fault] : [])),
  );
  const mine = (await activeFaults(deps.fetchImpl)).filter(
    (f) => f.status !== 'ended' && specs.some((spec) => sameFault(f, spec)),
  );
  const done: string[] = [];
  for (const fault of mine) {
    const { status } = await request(deps.fetchImpl, `${FAULTS}/${encodeURIComponent(fault.id)}`, {
      method: 'DELETE',
    });
    if (status < 300) done.push(`${fault.kind} on ${fault.target}`);
  }
  const key = trafficRestoreKey(walkthrough.slug);
  const saved = deps.store.get(key);
  if (saved !== null) {
    const { status, body } = await request(deps.fetchImpl, TRAFFIC, {
      method: 'PUT',
      body: JSON.parse(saved),
    });
    if (status !== 200)
      return { ok: false, message: `restoring traffic ${errorText(status, body)}` };
    deps.store.remove(key);
    done.push('traffic restored');
  }
  return {
    ok: true,
    message: done.length > 0 ? `reverted: ${done.join(', ')}` : 'nothing to revert',
  };
}

export async function runAction(
  action: Action,
  walkthrough: Walkthrough,
  deps: ActionDeps,
): Promise<ActionResult> {
  const full = { fetchImpl: deps.fetchImpl ?? fetch, store: deps.store };
  try {
    switch (action.kind) {
      case 'fault':
        return await injectFault(full.fetchImpl, action.fault);
      case 'revert':
        return await revert(full, walkthrough);
      case 'traffic':
        return await changeTraffic(full, walkthrough.slug, action.change);
      case 'projection': {
        const url = `/api/control/projections/${encodeURIComponent(action.service)}/${encodeURIComponent(action.name)}/${action.action}`;
        const { status, body } = await request(full.fetchImpl, url, { method: 'POST' });
        if (status >= 300) return { ok: false, message: `refused, ${errorText(status, body)}` };
        return { ok: true, message: `${action.service}/${action.name}: ${action.action} sent` };
      }
      case 'bank': {
        const { status, body } = await request(full.fetchImpl, BANK, {
          method: 'POST',
          body: { request: action.request },
        });
        if (status !== 200) return { ok: false, message: `refused, ${errorText(status, body)}` };
        const outcome = body as { status?: unknown; traceId?: unknown; summary?: unknown };
        const summary = typeof outcome.summary === 'string' ? outcome.summary : 'sent';
        const traceId = typeof outcome.traceId === 'string' ? outcome.traceId : undefined;
        return { ok: outcome.status !== null, message: summary, ...(traceId ? { traceId } : {}) };
      }
    }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

import { describe, expect, it } from 'vitest';
import type { Walkthrough } from '../model/types';
import { runAction, trafficRestoreKey } from './actions';

interface Call {
  method: string;
  url: string;
  body?: unknown;
}

function fakeFetch(routes: Record<string, (call: Call) => { status: number; body?: unknown }>) {
  const calls: Call[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      url,
      ...(typeof init?.body === 'string' ? { body: JSON.parse(init.body) } : {}),
    };
    calls.push(call);
    const route = routes[`${call.method} ${url}`];
    const answer = route ? route(call) : { status: 404, body: { error: 'no route' } };
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status });
  }) as typeof fetch;
  return { impl, calls };
}

function memoryStore() {
  const map = new Map<string, string>();
  return {
    map,
    get: (k: string) => map.get(k) ?? null,
    set: (k: string, v: string) => void map.set(k, v),
    remove: (k: string) => void map.delete(k),
  };
}

const fault = { kind: 'crash', target: 'kyc', params: { restartAfterSeconds: 5 }, ttlSeconds: 5 };
const walkthrough = {
  slug: 'w',
  steps: [
    {
      actions: [
        { id: 'crash', kind: 'fault', label: 'crash', fault },
        { id: 'mix', kind: 'traffic', label: 'mix', change: { weights: { transfer: 40 } } },
        { id: 'revert', kind: 'revert', label: 'revert' },
      ],
    },
  ],
} as unknown as Walkthrough;
const [crash, mix, revert] = walkthrough.steps[0]!.actions as [never, never, never];

describe('runAction', () => {
  it('injects a fault with its TTL', async () => {
    const { impl, calls } = fakeFetch({
      'GET /api/control/faults': () => ({ status: 200, body: { active: [] } }),
      'POST /api/control/faults': () => ({ status: 201, body: { id: 'flt_1' } }),
    });
    const result = await runAction(crash, walkthrough, { fetchImpl: impl, store: memoryStore() });
    expect(result).toEqual({ ok: true, message: 'injected (flt_1), reverts itself in 5 s' });
    expect(calls[1]).toEqual({
      method: 'POST',
      url: '/api/control/faults',
      body: { kind: 'crash', target: 'kyc', params: { restartAfterSeconds: 5 }, ttlSeconds: 5 },
    });
  });

  it('adopts a fault already active on the same target instead of a 409', async () => {
    const { impl, calls } = fakeFetch({
      'GET /api/control/faults': () => ({
        status: 200,
        body: { active: [{ id: 'flt_0', kind: 'crash', target: 'kyc', status: 'active' }] },
      }),
    });
    const result = await runAction(crash, walkthrough, { fetchImpl: impl, store: memoryStore() });
    expect(result.ok).toBe(true);
    expect(calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('reports a refused fault with the control plane’s message', async () => {
    const { impl } = fakeFetch({
      'GET /api/control/faults': () => ({ status: 200, body: { active: [] } }),
      'POST /api/control/faults': () => ({
        status: 400,
        body: { error: 'unknown_target', message: 'no such target' },
      }),
    });
    const result = await runAction(crash, walkthrough, { fetchImpl: impl, store: memoryStore() });
    expect(result).toEqual({ ok: false, message: 'refused, 400: no such target' });
  });

  it('changes the traffic, then revert restores it and reverts only this walkthrough’s faults', async () => {
    const store = memoryStore();
    const { impl, calls } = fakeFetch({
      'GET /api/control/traffic': () => ({
        status: 200,
        body: { ratePerSecond: 8, weights: { transfer: 18 } },
      }),
      'PUT /api/control/traffic': () => ({ status: 200, body: {} }),
      'GET /api/control/faults': () => ({
        status: 200,
        body: {
          active: [
            { id: 'flt_1', kind: 'crash', target: 'kyc', status: 'active' },
            { id: 'flt_2', kind: 'latency', target: 'accounts', status: 'active' },
          ],
        },
      }),
      'DELETE /api/control/faults/flt_1': () => ({ status: 200 }),
    });
    expect((await runAction(mix, walkthrough, { fetchImpl: impl, store })).ok).toBe(true);
    expect(store.get(trafficRestoreKey('w'))).toBe(
      JSON.stringify({ ratePerSecond: 8, weights: { transfer: 18 } }),
    );
    const result = await runAction(revert, walkthrough, { fetchImpl: impl, store });
    expect(result).toEqual({ ok: true, message: 'reverted: crash on kyc, traffic restored' });
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([
      '/api/control/faults/flt_1',
    ]);
    expect(calls.at(-1)).toMatchObject({
      method: 'PUT',
      body: { ratePerSecond: 8, weights: { transfer: 18 } },
    });
    expect(store.get(trafficRestoreKey('w'))).toBeNull();
  });

  it('returns the bank request’s trace id', async () => {
    const { impl } = fakeFetch({
      'POST /api/walkthroughs/bank': () => ({
        status: 200,
        body: { status: 201, traceId: 'a'.repeat(32), summary: 'transfer of 5.00: 201' },
      }),
    });
    const action = { id: 't', kind: 'bank', label: 't', request: 'transfer' } as const;
    expect(await runAction(action, walkthrough, { fetchImpl: impl, store: memoryStore() })).toEqual(
      {
        ok: true,
        message: 'transfer of 5.00: 201',
        traceId: 'a'.repeat(32),
      },
    );
  });

  it('never throws: an unreachable control plane is a message', async () => {
    const impl = (async () => {
      throw new Error('offline');
    }) as unknown as typeof fetch;
    expect(await runAction(crash, walkthrough, { fetchImpl: impl, store: memoryStore() })).toEqual({
      ok: false,
      message: 'offline',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FaultEngine } from './engine';
import type { FaultKind, FaultPlatform, FaultView } from './types';

/** A kind that records applies and reverts, over a fake platform with two services. */
function setup(options: { maxHistory?: number } = {}) {
  const applied: string[] = [];
  const reverted: string[] = [];
  const events: Array<[string, FaultView]> = [];
  const kind: FaultKind = {
    kind: 'probe',
    title: 'Probe',
    description: 'test kind',
    targetType: 'service',
    params: z.object({ level: z.number().int().min(1).max(5).default(2) }).strict(),
    targets: (platform) => platform.services().map((s) => s.name),
    exclusive: true,
    apply: async ({ id }) => {
      applied.push(id);
      return () => {
        reverted.push(id);
      };
    },
  };
  const platform: FaultPlatform = {
    services: () => [
      { name: 'accounts', role: 'mesh', upstreams: [] },
      { name: 'payments', role: 'mesh', upstreams: ['accounts'] },
    ],
    sidecarRules: () => undefined,
    partnerBankUrl: () => undefined,
    traffic: { state: () => ({ ratePerSecond: 0 }), setRate: () => undefined },
  };
  const engine = new FaultEngine({
    kinds: [kind],
    platform,
    events: {
      started: (f) => events.push(['started', f]),
      ended: (f) => events.push(['ended', f]),
    },
    ...options,
  });
  return { engine, applied, reverted, events };
}

describe('FaultEngine', () => {
  it('lists the catalog with each kind’s params as JSON Schema and the running targets', async () => {
    const [entry] = await setup().engine.catalog();
    expect(entry).toMatchObject({ kind: 'probe', targets: ['accounts', 'payments'] });
    expect(entry?.paramsSchema).toMatchObject({
      type: 'object',
      properties: { level: { type: 'integer', minimum: 1, maximum: 5, default: 2 } },
    });
  });

  it('refuses unknown kinds, targets and params with messages naming what is allowed', async () => {
    const { engine, applied } = setup();
    await expect(engine.inject({ kind: 'nope', target: 'accounts' })).rejects.toMatchObject({
      status: 400,
      code: 'unknown_kind',
      message: expect.stringContaining('allowed: probe'),
    });
    await expect(engine.inject({ kind: 'probe', target: 'example.com' })).rejects.toMatchObject({
      status: 400,
      code: 'unknown_target',
      message: expect.stringContaining('allowed: accounts, payments'),
    });
    await expect(
      engine.inject({ kind: 'probe', target: 'accounts', params: { volume: 3 } }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'invalid_params',
      message: expect.stringContaining('allowed params: level'),
    });
    await expect(
      engine.inject({ kind: 'probe', target: 'accounts', ttlSeconds: 100_000 }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
    await expect(
      engine.inject({ kind: 'probe', target: 'accounts', extra: true }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
    expect(applied).toEqual([]);
  });

  it('applies with defaults, refuses a clash, reverts once however often asked', async () => {
    const { engine, applied, reverted, events } = setup();
    const fault = await engine.inject({ kind: 'probe', target: 'accounts' });
    expect(fault).toMatchObject({ kind: 'probe', params: { level: 2 }, ttlSeconds: 60 });
    expect(fault.id).toMatch(/^flt_/);
    expect(applied).toEqual([fault.id]);
    await expect(engine.inject({ kind: 'probe', target: 'accounts' })).rejects.toMatchObject({
      status: 409,
      code: 'already_active',
    });
    const [first, second] = await Promise.all([engine.revert(fault.id), engine.revert(fault.id)]);
    await engine.revert(fault.id);
    expect(reverted).toEqual([fault.id]);
    expect(first).toMatchObject({ status: 'ended', endReason: 'reverted' });
    expect(second?.endedAt).toBe(first?.endedAt);
    expect(events.map(([name, f]) => `${name}:${f.id}`)).toEqual([
      `started:${fault.id}`,
      `ended:${fault.id}`,
    ]);
    expect(engine.snapshot()).toMatchObject({ active: [], history: [{ id: fault.id }] });
    expect(await engine.revert('flt_unknown')).toBeUndefined();
  });

  it('reverts by itself at the TTL', async () => {
    const { engine, reverted } = setup();
    const fault = await engine.inject({ kind: 'probe', target: 'payments', ttlSeconds: 1 });
    expect(engine.snapshot().active[0]?.remainingSeconds).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(reverted).toEqual([fault.id]);
    expect(engine.get(fault.id)).toMatchObject({ status: 'ended', endReason: 'ttl' });
  });

  it('stops all, keeps a bounded history, and refuses faults once closed', async () => {
    const { engine, reverted } = setup({ maxHistory: 1 });
    await engine.inject({ kind: 'probe', target: 'accounts' });
    await engine.inject({ kind: 'probe', target: 'payments' });
    const ended = await engine.revertAll();
    expect(ended.map((f) => f.endReason)).toEqual(['stopped-all', 'stopped-all']);
    expect(reverted).toHaveLength(2);
    expect(engine.snapshot().history).toHaveLength(1);
    await engine.close();
    await expect(engine.inject({ kind: 'probe', target: 'accounts' })).rejects.toMatchObject({
      status: 409,
    });
  });
});

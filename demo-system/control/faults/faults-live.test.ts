import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CqrsSnapshot } from '../../../collectors/contracts/cqrs';
import { apiRoutes } from '../../../collectors/contracts/routes';
import { eventually, jsonRequest } from '../../testing/http';
import type { CatalogEntryView } from './engine';
import {
  activeWindow,
  endedWindow,
  gaugeValues,
  injectFault,
  type LivePlatform,
  revertFault,
  searchTraces,
  sleep,
  startLivePlatform,
  traceMatching,
} from './live-kit';
import { leakedBytes } from './process-kinds';
import type { FaultView } from './types';

/**
 * Every fault kind against the live in-process platform under generated traffic, reporting to
 * a real collectors instance: inject through POST /faults, see the effect in the telemetry the
 * collectors hold (traces, metrics), see the fault window (fault.started / fault.ended log
 * records) and see the effect gone after the revert.
 */

const RATE = 5;
let live: LivePlatform;
let control: string;

beforeAll(async () => {
  live = await startLivePlatform(RATE);
  control = live.platform.controlUrl;
}, 60_000);

afterAll(async () => {
  await live?.close();
}, 60_000);

/** After a revert, no new trace carries the fault's attribute while traffic still flows. */
async function expectNoFaultAfter(attribute: string, fromUnixMs: number, service: string) {
  await eventually(
    async () => {
      const after = await searchTraces(live.collectors, { service, startUnixMs: fromUnixMs });
      return after.length >= 3 ? after : undefined;
    },
    20_000,
    `traffic through ${service} after the revert`,
  );
  const faulty = await searchTraces(live.collectors, { attribute, startUnixMs: fromUnixMs });
  expect(faulty).toEqual([]);
}

describe('fault API on the live platform', () => {
  it('lists the catalog with targets from the topology and refuses bad requests clearly', async () => {
    const { body } = await jsonRequest<{ catalog: CatalogEntryView[]; active: FaultView[] }>(
      'GET',
      `${control}/faults`,
    );
    const kinds = Object.fromEntries(body.catalog.map((k) => [k.kind, k]));
    expect(Object.keys(kinds).sort()).toEqual(
      [
        'cpu-hog',
        'crash',
        'errors',
        'latency',
        'memory-leak',
        'partition',
        'partner-bank',
        'traffic-spike',
        'consumer-pause',
        'consumer-slow',
        'duplicate-delivery',
        'bus-cut',
        'projection',
      ].sort(),
    );
    expect(kinds.latency?.targets).toEqual(
      expect.arrayContaining(['accounts', 'payments', 'gateway->accounts', 'payments->accounts']),
    );
    expect(kinds.latency?.targets).not.toContain('partner-bank');
    expect(kinds.partition?.targets).toContain('accounts<->gateway');
    expect(kinds.crash?.targets).toContain('accounts');
    expect(kinds.crash?.targets).not.toContain('gateway');

    const unknownKind = await jsonRequest('POST', `${control}/faults`, {
      kind: 'meteor',
      target: 'accounts',
    });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.message).toContain('allowed: crash, latency');
    const outside = await jsonRequest('POST', `${control}/faults`, {
      kind: 'latency',
      target: 'example.com',
    });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ error: 'unknown_target' });
    const badParam = await jsonRequest('POST', `${control}/faults`, {
      kind: 'latency',
      target: 'accounts',
      params: { delay: 5 },
    });
    expect(badParam.status).toBe(400);
    expect(badParam.body.message).toContain('allowed params: delayMs, jitterMs, percentage');
    expect((await jsonRequest('DELETE', `${control}/faults/flt_nope`)).status).toBe(404);
  });

  it('latency on one edge: delayed traces marked with the fault, none after the revert', async () => {
    const fault = await injectFault(control, {
      kind: 'latency',
      target: 'gateway->accounts',
      params: { delayMs: 400 },
    });
    const attribute = `fault.id=${fault.id}`;
    const slow = await traceMatching(live.collectors, { attribute, minDurationMs: 400 });
    expect(slow[0]?.services).toContain('accounts');
    await activeWindow(live.collectors, fault.id);
    const ended = await revertFault(control, fault.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'reverted' });
    const window = await endedWindow(live.collectors, fault.id);
    expect(window).toMatchObject({ kind: 'latency', target: 'gateway->accounts' });
    expect(window.service).toBe('control-plane');
    await expectNoFaultAfter(attribute, Date.now() + 200, 'accounts');
  }, 60_000);

  it('errors on a service: failed traces while active, reverted by its TTL', async () => {
    const fault = await injectFault(control, {
      kind: 'errors',
      target: 'accounts',
      params: { status: 503, percentage: 100 },
      ttlSeconds: 3,
    });
    const attribute = `fault.id=${fault.id}`;
    const failed = await traceMatching(live.collectors, { attribute, status: 'error' });
    expect(failed[0]?.errorCount).toBeGreaterThan(0);
    const window = await endedWindow(live.collectors, fault.id);
    expect((window.endedAtUnixMs ?? 0) - (window.startedAtUnixMs ?? 0)).toBeGreaterThanOrEqual(
      2_900,
    );
    const after = await jsonRequest<FaultView>('GET', `${control}/faults/${fault.id}`);
    expect(after.body).toMatchObject({ status: 'ended', endReason: 'ttl' });
    await expectNoFaultAfter(attribute, Date.now() + 200, 'accounts');
  }, 60_000);

  it('partition: the callee drops the caller’s connections, restored by the revert', async () => {
    const fault = await injectFault(control, { kind: 'partition', target: 'accounts<->gateway' });
    const attribute = `fault.id=${fault.id}:gateway`;
    // The gateway's side of a cut call reaches the collectors after its retries gave up.
    await eventually(
      async () => {
        const cut = await searchTraces(live.collectors, { attribute, status: 'error' });
        return cut.find((t) => t.services.includes('gateway') && t.errorCount > 0);
      },
      30_000,
      'a failed gateway trace cut by the partition',
    );
    await revertFault(control, fault.id);
    await endedWindow(live.collectors, fault.id);
    await expectNoFaultAfter(attribute, Date.now() + 200, 'accounts');
  }, 60_000);

  it('partner-bank slowness: slow partner-bank spans, its behaviour restored', async () => {
    const topology = (
      await jsonRequest<{ services: Array<{ name: string; url: string }> }>(
        'GET',
        `${control}/topology`,
      )
    ).body;
    const bank = topology.services.find((s) => s.name === 'partner-bank')?.url;
    const before = (await jsonRequest('GET', `${bank}/admin/behaviour`)).body;
    const from = Date.now();
    const fault = await injectFault(control, {
      kind: 'partner-bank',
      target: 'partner-bank',
      params: { mode: 'slow', latencyMs: 700 },
    });
    expect((await jsonRequest('GET', `${bank}/admin/behaviour`)).body).toMatchObject({
      latencyMs: 700,
    });
    await traceMatching(
      live.collectors,
      { service: 'partner-bank', minDurationMs: 700, startUnixMs: from },
      30_000,
    );
    await revertFault(control, fault.id);
    expect((await jsonRequest('GET', `${bank}/admin/behaviour`)).body).toEqual(before);
    await endedWindow(live.collectors, fault.id);
  }, 60_000);

  it('traffic spike: the gateway serves several times the traffic, the rate restored', async () => {
    const count = async (from: number, to: number) =>
      (
        await searchTraces(live.collectors, {
          service: 'gateway',
          startUnixMs: from,
          endUnixMs: to,
          limit: 1000,
        })
      ).length;
    const t0 = Date.now();
    await sleep(4_000);
    const fault = await injectFault(control, {
      kind: 'traffic-spike',
      target: 'gateway',
      params: { multiplier: 4 },
    });
    const t1 = Date.now();
    expect((await jsonRequest('GET', `${control}/traffic`)).body.ratePerSecond).toBe(RATE * 4);
    await sleep(4_500);
    await revertFault(control, fault.id);
    const t2 = Date.now();
    expect((await jsonRequest('GET', `${control}/traffic`)).body.ratePerSecond).toBe(RATE);
    await sleep(2_000);
    const before = await count(t0, t1);
    const during = await count(t1 + 500, t2);
    expect(before).toBeGreaterThan(5);
    // ×4 asked; a loaded machine delivers less (the generator skips at its in-flight cap).
    expect(during).toBeGreaterThanOrEqual(before * 1.5);
    await endedWindow(live.collectors, fault.id);
  }, 60_000);

  it('CPU hog: the process’s event-loop delay rises, and falls after the revert', async () => {
    // The median: PGlite's queries run on the event loop too and make its p99 spiky anyway.
    const metric = 'nodejs.eventloop.delay.p50';
    const fault = await injectFault(control, {
      kind: 'cpu-hog',
      target: 'payments',
      params: { loadPercent: 80, threads: 0 },
    });
    const from = Date.now();
    const during = await eventually(async () => {
      const points = await gaugeValues(live.collectors, 'control-plane', metric, from + 600);
      const worst = Math.max(0, ...points.map((p) => p.v));
      return worst >= 0.02 ? worst : undefined;
    }, 15_000);
    await revertFault(control, fault.id);
    const reverted = Date.now();
    const after = await eventually(async () => {
      const points = await gaugeValues(live.collectors, 'control-plane', metric, reverted + 1_200);
      return points.length >= 2 ? Math.max(...points.map((p) => p.v)) : undefined;
    }, 15_000);
    expect(after).toBeLessThan(during / 2);
    await endedWindow(live.collectors, fault.id);
  }, 60_000);

  it('memory leak: the resident memory grows by the leak, which the revert frees', async () => {
    const metric = 'process.memory.usage';
    const MIB = 1_048_576;
    const capMb = 256;
    const start = Date.now();
    // The baseline is the lowest of a few fresh samples: garbage from earlier tests can inflate
    // one sample by tens of MiB, and a GC during the leak would then hide part of the growth.
    const base = await eventually(async () => {
      const points = await gaugeValues(live.collectors, 'control-plane', metric, start - 2_000);
      return points.length >= 3 ? Math.min(...points.map((p) => p.v)) : undefined;
    }, 15_000);
    const injected = Date.now();
    const fault = await injectFault(control, {
      kind: 'memory-leak',
      target: 'wealth',
      params: { mbPerSecond: 64, capMb },
    });
    await eventually(async () => {
      const points = await gaugeValues(live.collectors, 'control-plane', metric, injected);
      return points.some((p) => p.v >= base + 0.75 * capMb * MIB) ? true : undefined;
    }, 25_000);
    // It stops growing at its cap.
    await eventually(() => (leakedBytes() === capMb * MIB ? true : undefined), 10_000);
    await sleep(600);
    expect(leakedBytes()).toBe(capMb * MIB);
    await revertFault(control, fault.id);
    expect(leakedBytes()).toBe(0);
    await endedWindow(live.collectors, fault.id);
  }, 90_000);

  it('projection pause: the read model stands still while paused, then catches up', async () => {
    const targets = await eventually(async () => {
      const { body } = await jsonRequest<{ catalog: CatalogEntryView[] }>(
        'GET',
        `${control}/faults`,
      );
      const found = body.catalog.find((k) => k.kind === 'projection')?.targets ?? [];
      return found.length > 0 ? found : undefined;
    }, 20_000);
    const target = targets[0] as string;
    const cqrs = async () =>
      (await jsonRequest<CqrsSnapshot>('GET', `${live.collectors.apiUrl}${apiRoutes.cqrs}`)).body;
    const view = async () => (await cqrs()).projections.find((p) => p.key === target);
    const injected = Date.now();
    const fault = await injectFault(control, {
      kind: 'projection',
      target,
      params: { mode: 'pause' },
    });
    // The pause answered once the projection stood still. The collectors learn the state
    // from the projection.paused event at once, the position from the next metric export:
    // take the position from a sample taken after the answer, then it must stand still.
    const answered = Date.now();
    const paused = await eventually(async () => {
      const v = await view();
      const sampledAfter = (v?.history.at(-1)?.timeUnixMs ?? 0) > answered;
      return v?.state === 'paused' && sampledAfter ? v : undefined;
    }, 20_000);
    await traceMatching(live.collectors, {
      service: 'accounts',
      operation: 'projection.state_change',
      startUnixMs: injected,
    });
    await sleep(3_000);
    expect((await view())?.position).toBe(paused.position);
    const reverted = Date.now();
    await revertFault(control, fault.id);
    // The resume is a projection.state_change span of accounts; the service runs it again.
    await traceMatching(live.collectors, {
      service: 'accounts',
      operation: 'projection.state_change',
      startUnixMs: reverted,
    });
    const [service, name] = target.split('/');
    const topology = (
      await jsonRequest<{ services: Array<{ name: string; url: string }> }>(
        'GET',
        `${control}/topology`,
      )
    ).body;
    const url = topology.services.find((x) => x.name === service)?.url;
    await eventually(async () => {
      const list = (
        await jsonRequest<Array<{ name: string; state: string; position: number }>>(
          'GET',
          `${url}/projections`,
        )
      ).body;
      const own = list.find((p) => p.name === name);
      return own?.state === 'running' && own.position > paused.position ? own : undefined;
    }, 30_000);
    await endedWindow(live.collectors, fault.id);
  }, 60_000);

  it('crash: calls fail at the sidecar while it is down, and succeed once restarted', async () => {
    const from = Date.now();
    const fault = await injectFault(control, {
      kind: 'crash',
      target: 'accounts',
      params: { restartAfterSeconds: 60 },
    });
    expect(fault.ttlSeconds).toBe(60);
    await traceMatching(live.collectors, {
      service: 'accounts',
      attribute: 'mesh.rejected=unreachable',
      startUnixMs: from,
    });
    await activeWindow(live.collectors, fault.id);
    expect(await revertFault(control, fault.id)).toMatchObject({ status: 'ended' });
    expect(fault).not.toHaveProperty('error');
    const restarted = Date.now();
    await eventually(
      async () => {
        const traces = await searchTraces(live.collectors, {
          service: 'accounts',
          startUnixMs: restarted,
        });
        return traces.find((t) => t.errorCount === 0);
      },
      20_000,
      'a trace through the restarted accounts without errors',
    );
    await expectNoFaultAfter('mesh.rejected=unreachable', restarted + 200, 'accounts');
    await endedWindow(live.collectors, fault.id);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, jsonRequest } from '../../../testing/http';
import { endedWindow, type LivePlatform, startLivePlatform } from '../live-kit';
import type { ExperimentView } from './runner';

/**
 * A seeded chaos experiment against the live in-process platform under generated traffic,
 * judged from a real collectors instance. EXPERIMENT_TEST_SECONDS sets its length (default
 * 120 s, the two minutes; the settling after it adds up to 30 s).
 */

const SECONDS = Number(process.env.EXPERIMENT_TEST_SECONDS ?? 120);
const SEED = 20_261_125;
let live: LivePlatform;

beforeAll(async () => {
  live = await startLivePlatform(6);
}, 60_000);

afterAll(async () => {
  await live?.close();
}, 60_000);

describe('a seeded chaos experiment on the live platform', () => {
  it('refuses an unknown scenario, naming the known ones', async () => {
    const answer = await jsonRequest('POST', `${live.platform.controlUrl}/experiments`, {
      name: 'armageddon',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('chaos');
  });

  it(
    'injects its schedule, reverts every fault, and reports the hypothesis with evidence',
    async () => {
      const control = live.platform.controlUrl;
      const started = await jsonRequest<ExperimentView>('POST', `${control}/experiments`, {
        name: 'chaos',
        seed: SEED,
        durationSeconds: SECONDS,
      });
      expect(started.status).toBe(202);
      expect(started.body.steps.length).toBeGreaterThan(0);
      const id = started.body.id;
      const report = await eventually(
        async () => {
          const run = (await jsonRequest<ExperimentView>('GET', `${control}/experiments/${id}`))
            .body;
          return ['passed', 'failed', 'error'].includes(run.status) ? run : undefined;
        },
        (SECONDS + 90) * 1_000,
        'the experiment report',
      );
      console.log(
        `experiment ${report.status}:`,
        JSON.stringify({ steps: report.steps, checks: report.checks }, null, 1),
      );
      expect(report.status).not.toBe('error');
      expect(report.progress).toBe(1);
      // Every scheduled fault was injected, ended, and marked at the collectors.
      for (const step of report.steps) {
        expect(step.error).toBeUndefined();
        expect(step.faultId).toBeDefined();
        await endedWindow(live.collectors, step.faultId as string);
      }
      const faults = (await jsonRequest<{ active: unknown[] }>('GET', `${control}/faults`)).body;
      expect(faults.active).toEqual([]);
      // Evidence: the gateway's figures over time.
      expect(report.samples.length).toBeGreaterThanOrEqual(Math.floor(SECONDS / 5) - 1);
      expect(report.samples.some((s) => s.activeFaults > 0)).toBe(true);
      expect(report.checks.map((c) => c.name)).toEqual([
        'gateway availability',
        'gateway p95 latency',
        'money invariant',
        'sagas terminal after the faults',
      ]);
      // Whatever the availability, no money was lost or paid twice.
      const invariant = report.checks.find((c) => c.name === 'money invariant');
      expect(invariant, invariant?.observed).toMatchObject({ pass: true });
      // A failed check says why; failures come with trace ids to look at.
      if (report.status === 'failed') {
        expect(report.checks.some((c) => !c.pass)).toBe(true);
      }
      if (!report.checks[0]?.pass) expect(report.failedTraceIds.length).toBeGreaterThan(0);
    },
    (SECONDS + 150) * 1_000,
  );
});

import { randomUUID } from 'node:crypto';
import type { FaultEngine } from '../engine';
import {
  failedTraceIds,
  type InvariantReading,
  type RedReading,
  readRed,
  unfinishedSagas,
} from './evidence';
import { SCENARIOS, type Scenario, type ScheduledFault } from './schedule';

/**
 * Runs an experiment: a scenario's faults on their schedule (through the fault engine, so each
 * is a normal, visible, reverting fault), the gateway's figures sampled all along, then the
 * steady-state hypothesis judged with evidence:
 *
 * - availability of the gateway ≥ 99 % over the experiment (its RED totals, start to end);
 * - p95 of the gateway < 1 s (the worst rolling-window p95 sampled);
 * - the money invariant holds (GET /invariant) within `settleSeconds` after the faults end;
 * - every saga that started before the faults ended is terminal within `settleSeconds`.
 */

export const AVAILABILITY_TARGET = 0.99;
export const P95_TARGET_MS = 1_000;

export interface ExperimentRequest {
  name: string;
  seed: number;
  durationSeconds: number;
}

export interface Sample {
  atSeconds: number;
  requestRatePerSecond: number;
  errorRate: number;
  p95Ms: number;
  activeFaults: number;
}

export interface Check {
  name: string;
  expected: string;
  observed: string;
  pass: boolean;
}

export interface StepRecord extends ScheduledFault {
  faultId?: string;
  error?: string;
}

export interface ExperimentView {
  id: string;
  name: string;
  seed: number;
  durationSeconds: number;
  status: 'running' | 'settling' | 'passed' | 'failed' | 'error';
  startedAt: string;
  endedAt?: string;
  /** 0..1 of the fault phase and the settling. */
  progress: number;
  steps: StepRecord[];
  samples: Sample[];
  checks: Check[];
  failedTraceIds: string[];
  error?: string;
}

export interface RunnerOptions {
  engine: FaultEngine;
  /** The collectors' query API; without it the telemetry checks fail as unknown. */
  collectorsApiUrl: string | undefined;
  sampleEveryMs?: number;
  settleSeconds?: number;
  maxKept?: number;
}

export class ExperimentRunner {
  private readonly runs = new Map<string, ExperimentView>();
  private readonly sampleEveryMs: number;
  private readonly settleSeconds: number;

  constructor(private readonly options: RunnerOptions) {
    this.sampleEveryMs = options.sampleEveryMs ?? 5_000;
    this.settleSeconds = options.settleSeconds ?? 30;
  }

  scenarios(): Array<Pick<Scenario, 'name' | 'description' | 'defaultDurationSeconds'>> {
    return SCENARIOS.map(({ name, description, defaultDurationSeconds }) => ({
      name,
      description,
      defaultDurationSeconds,
    }));
  }

  scenario(name: string): Scenario | undefined {
    return SCENARIOS.find((s) => s.name === name);
  }

  get(id: string): ExperimentView | undefined {
    const run = this.runs.get(id);
    return run ? structuredClone(run) : undefined;
  }

  list(): ExperimentView[] {
    return [...this.runs.values()].map((r) => structuredClone(r)).reverse();
  }

  /** Starts it in the background; `done` settles with the final view. */
  async start(
    request: ExperimentRequest,
    invariant: () => Promise<InvariantReading>,
  ): Promise<{ view: ExperimentView; done: Promise<ExperimentView> }> {
    const scenario = this.scenario(request.name);
    if (!scenario) throw new Error(`unknown scenario ${request.name}`);
    const catalog = await this.options.engine.catalog();
    const targets = { byKind: Object.fromEntries(catalog.map((k) => [k.kind, k.targets])) };
    const steps = scenario
      .schedule({ seed: request.seed, durationSeconds: request.durationSeconds, targets })
      .sort((a, b) => a.atSeconds - b.atSeconds);
    const view: ExperimentView = {
      id: `exp_${randomUUID().slice(0, 8)}`,
      ...request,
      status: 'running',
      startedAt: new Date().toISOString(),
      progress: 0,
      steps: steps.map((s) => ({ ...s })),
      samples: [],
      checks: [],
      failedTraceIds: [],
    };
    this.runs.set(view.id, view);
    const kept = [...this.runs.keys()];
    for (const old of kept.slice(0, Math.max(0, kept.length - (this.options.maxKept ?? 20)))) {
      this.runs.delete(old);
    }
    const done = this.run(view, invariant).catch((error: unknown) => {
      view.status = 'error';
      view.error = error instanceof Error ? error.message : String(error);
      view.endedAt = new Date().toISOString();
      return structuredClone(view);
    });
    return { view: structuredClone(view), done };
  }

  private async run(
    view: ExperimentView,
    invariant: () => Promise<InvariantReading>,
  ): Promise<ExperimentView> {
    const { engine, collectorsApiUrl: api } = this.options;
    const t0 = Date.now();
    const total = view.durationSeconds + this.settleSeconds;
    const red0 = api ? await readRed(api).catch(() => undefined) : undefined;
    const faultIds: string[] = [];
    let nextSample = t0;
    let worstP95 = 0;
    const pending = [...view.steps];
    while (Date.now() - t0 < view.durationSeconds * 1_000) {
      const elapsed = (Date.now() - t0) / 1_000;
      while (pending[0] && pending[0].atSeconds <= elapsed) {
        const step = pending.shift() as StepRecord;
        try {
          const fault = await engine.inject({
            kind: step.kind,
            target: step.target,
            params: step.params,
            ttlSeconds: step.ttlSeconds,
          });
          step.faultId = fault.id;
          faultIds.push(fault.id);
        } catch (error) {
          step.error = (error as Error).message;
        }
      }
      if (Date.now() >= nextSample && api) {
        nextSample += this.sampleEveryMs;
        const red = await readRed(api).catch(() => undefined);
        if (red) {
          worstP95 = Math.max(worstP95, red.p95Ms);
          view.samples.push(sample(red, elapsed, engine.snapshot().active.length));
        }
      }
      view.progress = Math.min(1, elapsed / total);
      await sleep(200);
    }
    // The faults phase is over: anything of ours still active ends now.
    await Promise.all(faultIds.map((id) => engine.revert(id, 'experiment-end')));
    const faultsEnded = Date.now();
    view.status = 'settling';

    let invariantReading: InvariantReading = { ok: undefined, detail: 'not read' };
    let unfinished: Array<{ id: string; status: string }> | undefined;
    const settleDeadline = faultsEnded + this.settleSeconds * 1_000;
    for (;;) {
      invariantReading = await invariant();
      unfinished = api ? await unfinishedSagas(api, faultsEnded).catch(() => undefined) : undefined;
      const settled =
        invariantReading.ok !== false && unfinished !== undefined && unfinished.length === 0;
      if (settled || Date.now() >= settleDeadline) break;
      view.progress = Math.min(
        1,
        (view.durationSeconds + (Date.now() - faultsEnded) / 1_000) / total,
      );
      await sleep(1_000);
    }
    const red1 = api ? await readRed(api).catch(() => undefined) : undefined;
    if (red1) {
      worstP95 = Math.max(worstP95, red1.p95Ms);
      view.samples.push(sample(red1, (Date.now() - t0) / 1_000, engine.snapshot().active.length));
    }
    view.checks = judge({ red0, red1, worstP95, invariantReading, unfinished, api });
    view.failedTraceIds = api ? await failedTraceIds(api, t0, Date.now()).catch(() => []) : [];
    view.progress = 1;
    view.status = view.checks.every((c) => c.pass) ? 'passed' : 'failed';
    view.endedAt = new Date().toISOString();
    return structuredClone(view);
  }
}

function sample(red: RedReading, atSeconds: number, activeFaults: number): Sample {
  return {
    atSeconds: Math.round(atSeconds * 10) / 10,
    requestRatePerSecond: red.requestRatePerSecond,
    errorRate: red.errorRate,
    p95Ms: red.p95Ms,
    activeFaults,
  };
}

function judge(input: {
  red0: RedReading | undefined;
  red1: RedReading | undefined;
  worstP95: number;
  invariantReading: InvariantReading;
  unfinished: Array<{ id: string; status: string }> | undefined;
  api: string | undefined;
}): Check[] {
  const { red0, red1, worstP95, invariantReading, unfinished } = input;
  const requests = red1 ? red1.totalRequests - (red0?.totalRequests ?? 0) : 0;
  const errors = red1 ? red1.totalErrors - (red0?.totalErrors ?? 0) : 0;
  const availability = requests > 0 ? 1 - errors / requests : undefined;
  return [
    {
      name: 'gateway availability',
      expected: `≥ ${AVAILABILITY_TARGET * 100} %`,
      observed:
        availability === undefined
          ? 'unknown (no gateway requests seen at the collectors)'
          : `${(availability * 100).toFixed(2)} % (${requests - errors}/${requests} requests)`,
      pass: availability !== undefined && availability >= AVAILABILITY_TARGET,
    },
    {
      name: 'gateway p95 latency',
      expected: `< ${P95_TARGET_MS} ms`,
      observed: red1 ? `${Math.round(worstP95)} ms (worst rolling window)` : 'unknown',
      pass: red1 !== undefined && worstP95 < P95_TARGET_MS,
    },
    {
      name: 'money invariant',
      expected: 'holds after the faults end',
      observed: invariantReading.detail,
      pass: invariantReading.ok === true,
    },
    {
      name: 'sagas terminal after the faults',
      expected: 'none running or compensating',
      observed:
        unfinished === undefined
          ? 'unknown (sagas not readable at the collectors)'
          : unfinished.length === 0
            ? 'all terminal'
            : `${unfinished.length} unfinished: ${unfinished
                .slice(0, 5)
                .map((s) => `${s.id} (${s.status})`)
                .join(', ')}`,
      pass: unfinished !== undefined && unfinished.length === 0,
    },
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

import { z } from 'zod';

/** The control plane's experiments API as the dashboard reads it (/api/control/experiments). */

export const EXPERIMENTS_URL = '/api/control/experiments';

export const ExperimentCheck = z.object({
  name: z.string(),
  expected: z.string(),
  observed: z.string(),
  pass: z.boolean(),
});

export const ExperimentRun = z.object({
  id: z.string(),
  name: z.string(),
  seed: z.number(),
  durationSeconds: z.number(),
  status: z.enum(['running', 'settling', 'passed', 'failed', 'error']),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  progress: z.number(),
  steps: z.array(
    z.object({
      atSeconds: z.number(),
      kind: z.string(),
      target: z.string(),
      ttlSeconds: z.number(),
      faultId: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
  samples: z.array(
    z.object({
      atSeconds: z.number(),
      requestRatePerSecond: z.number(),
      errorRate: z.number(),
      p95Ms: z.number(),
      activeFaults: z.number(),
    }),
  ),
  checks: z.array(ExperimentCheck),
  failedTraceIds: z.array(z.string()),
  error: z.string().optional(),
});
export type ExperimentRun = z.infer<typeof ExperimentRun>;

export const ExperimentsOverview = z.object({
  scenarios: z.array(
    z.object({ name: z.string(), description: z.string(), defaultDurationSeconds: z.number() }),
  ),
  runs: z.array(ExperimentRun),
});
export type ExperimentsOverview = z.infer<typeof ExperimentsOverview>;

export async function startExperiment(body: {
  name: string;
  seed?: number;
  durationSeconds?: number;
}): Promise<{ ok: true; run: ExperimentRun } | { ok: false; message: string }> {
  const response = await fetch(EXPERIMENTS_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as { message?: unknown } | null;
  if (!response.ok) {
    return {
      ok: false,
      message: typeof json?.message === 'string' ? json.message : `HTTP ${response.status}`,
    };
  }
  return { ok: true, run: ExperimentRun.parse(json) };
}

export function isFinished(run: ExperimentRun): boolean {
  return run.status === 'passed' || run.status === 'failed' || run.status === 'error';
}

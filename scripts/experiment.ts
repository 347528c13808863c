/**
 * `npm run experiment -- <name> [--seed N] [--duration S] [--control URL] [--json]`: runs a
 * named experiment on a running Patternscope (npm start) through its control plane
 * (CONTROL_API_URL, else http://127.0.0.1:$CONTROL_PORT, default 7070; CONTROL_TOKEN when
 * set), prints its progress, then the pass/fail report with its evidence. Exit code 0 when
 * the hypothesis held, 1 when it did not, 2 on a usage error. `--list` names the scenarios.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ExperimentView } from '../demo-system/control/faults/experiments/runner';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE =
  'usage: npm run experiment -- <name> [--seed N] [--duration seconds] [--control URL] [--json] | --list';

interface Io {
  env: Record<string, string | undefined>;
  print: (line: string) => void;
  fetch?: typeof fetch;
  pollMs?: number;
}

/** Runs the CLI; resolves to the exit code. */
export async function runExperimentCli(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const http = io.fetch ?? fetch;
  const base =
    (typeof values.control === 'string' ? values.control : undefined) ??
    io.env.CONTROL_API_URL ??
    `http://127.0.0.1:${io.env.CONTROL_PORT ?? '7070'}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (io.env.CONTROL_TOKEN) headers.authorization = `Bearer ${io.env.CONTROL_TOKEN}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await http(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${String(json?.message ?? '')}`);
    }
    return json;
  };

  if (values.list) {
    const answer = (await call('GET', '/experiments')) as {
      scenarios: Array<{ name: string; description: string; defaultDurationSeconds: number }>;
    };
    for (const s of answer.scenarios) {
      io.print(`${s.name} (${s.defaultDurationSeconds} s): ${s.description}`);
    }
    return 0;
  }
  const name = positionals[0];
  if (!name) throw new UsageError(`name an experiment\n${USAGE}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed must be an integer\n${USAGE}`);
  if (duration !== undefined && !Number.isInteger(duration)) {
    throw new UsageError(`--duration must be whole seconds\n${USAGE}`);
  }
  let run = (await call('POST', '/experiments', {
    name,
    ...(seed !== undefined ? { seed } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
  })) as unknown as ExperimentView;
  io.print(`experiment ${run.id}: ${run.name}, seed ${run.seed}, ${run.durationSeconds} s`);
  for (const step of run.steps) {
    io.print(`  at ${step.atSeconds}s: ${step.kind} on ${step.target} for ${step.ttlSeconds}s`);
  }
  let lastPercent = -1;
  while (run.status === 'running' || run.status === 'settling') {
    await new Promise((resolve) => setTimeout(resolve, io.pollMs ?? 2_000));
    run = (await call('GET', `/experiments/${run.id}`)) as unknown as ExperimentView;
    const percent = Math.floor(run.progress * 10) * 10;
    if (percent !== lastPercent) {
      lastPercent = percent;
      io.print(`  ${percent}% ${run.status}`);
    }
  }
  if (values.json) io.print(JSON.stringify(run, null, 2));
  else io.print(formatReport(run));
  return run.status === 'passed' ? 0 : 1;
}

export function formatReport(run: ExperimentView): string {
  const lines = [`${run.name} (seed ${run.seed}): ${run.status.toUpperCase()}`];
  if (run.error) lines.push(`  error: ${run.error}`);
  for (const check of run.checks) {
    lines.push(
      `  ${check.pass ? 'PASS' : 'FAIL'} ${check.name}: ${check.observed} (expected ${check.expected})`,
    );
  }
  lines.push('  faults:');
  for (const step of run.steps) {
    lines.push(
      `    ${step.atSeconds}s ${step.kind} on ${step.target}: ${step.faultId ?? step.error ?? 'not injected'}`,
    );
  }
  lines.push('  gateway over time (s: req/s, error rate, p95 ms, active faults):');
  for (const s of run.samples) {
    lines.push(
      `    ${s.atSeconds}: ${s.requestRatePerSecond.toFixed(1)}, ${(s.errorRate * 100).toFixed(1)}%, ${Math.round(s.p95Ms)}, ${s.activeFaults}`,
    );
  }
  if (run.failedTraceIds.length > 0)
    lines.push(`  traces with an error: ${run.failedTraceIds.join(' ')}`);
  return lines.join('\n');
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      duration: { type: 'string' },
      control: { type: 'string' },
      json: { type: 'boolean' },
      list: { type: 'boolean' },
    },
    strict: true,
  });
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runExperimentCli(process.argv.slice(2), {
    env: process.env,
    print: (line) => console.log(line),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}

import { describe, expect, it } from 'vitest';
import { runExperimentCli, UsageError } from './experiment';

/** A control plane answering POST /experiments then GET /experiments/:id twice. */
function fakeControl(final: 'passed' | 'failed') {
  const calls: string[] = [];
  const run = {
    id: 'exp_1',
    name: 'chaos',
    seed: 5,
    durationSeconds: 30,
    status: 'running',
    startedAt: '2026-11-25T00:00:00.000Z',
    progress: 0,
    steps: [{ atSeconds: 3, kind: 'latency', target: 'accounts', params: {}, ttlSeconds: 5 }],
    samples: [],
    checks: [],
    failedTraceIds: [],
  };
  let polls = 0;
  const fetcher = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push(`${init?.method} ${String(url)} ${String(init?.body ?? '')}`.trim());
    if (init?.method === 'POST') return Response.json(run, { status: 202 });
    polls++;
    const done = polls >= 2;
    return Response.json({
      ...run,
      status: done ? final : 'settling',
      progress: done ? 1 : 0.8,
      steps: [{ ...run.steps[0], faultId: 'flt_1' }],
      samples: [
        { atSeconds: 5, requestRatePerSecond: 6, errorRate: 0.01, p95Ms: 120, activeFaults: 1 },
      ],
      checks: [
        { name: 'gateway availability', expected: '≥ 99 %', observed: '99.5 %', pass: true },
        { name: 'money invariant', expected: 'holds', observed: 'holds', pass: final === 'passed' },
      ],
      failedTraceIds: final === 'failed' ? ['abc123'] : [],
    });
  }) as typeof fetch;
  return { calls, fetcher };
}

describe('npm run experiment', () => {
  it('starts the named experiment with its seed, follows it, and exits 0 when it passed', async () => {
    const { calls, fetcher } = fakeControl('passed');
    const lines: string[] = [];
    const code = await runExperimentCli(['chaos', '--seed', '5', '--duration', '30'], {
      env: { CONTROL_PORT: '7171' },
      print: (line) => lines.push(line),
      fetch: fetcher,
      pollMs: 1,
    });
    expect(code).toBe(0);
    expect(calls[0]).toBe(
      'POST http://127.0.0.1:7171/experiments {"name":"chaos","seed":5,"durationSeconds":30}',
    );
    const output = lines.join('\n');
    expect(output).toContain('chaos (seed 5): PASSED');
    expect(output).toContain('PASS gateway availability: 99.5 %');
    expect(output).toContain('3s latency on accounts: flt_1');
  });

  it('exits 1 with the failing check and trace ids when the hypothesis failed', async () => {
    const { fetcher } = fakeControl('failed');
    const lines: string[] = [];
    const code = await runExperimentCli(['chaos'], {
      env: {},
      print: (line) => lines.push(line),
      fetch: fetcher,
      pollMs: 1,
    });
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('FAIL money invariant');
    expect(lines.join('\n')).toContain('traces with an error: abc123');
  });

  it('refuses a missing name and a bad seed as usage errors', async () => {
    const io = { env: {}, print: () => undefined };
    await expect(runExperimentCli([], io)).rejects.toBeInstanceOf(UsageError);
    await expect(runExperimentCli(['chaos', '--seed', 'x'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(runExperimentCli(['chaos', '--bogus'], io)).rejects.toBeInstanceOf(UsageError);
  });
});

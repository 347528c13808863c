'use client';

import Link from 'next/link';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useApi } from '../charts/use-api';
import {
  EXPERIMENTS_URL,
  type ExperimentRun,
  ExperimentsOverview,
  isFinished,
  startExperiment,
} from './experiments-api';

const inputClass =
  'w-full rounded-md border border-line bg-raised px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent';

/** Run a named experiment (faults on a schedule + a steady-state hypothesis) and read its report. */
export function ExperimentsPanel() {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 2_000);
    return () => clearInterval(timer);
  }, []);
  const state = useApi(EXPERIMENTS_URL, ExperimentsOverview, tick);
  const idBase = useId();
  const [name, setName] = useState('');
  const [seed, setSeed] = useState('');
  const [duration, setDuration] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (state.status !== 'ok') return null; // the fault panel above already says what is wrong
  const { scenarios, runs } = state.data;
  const chosen = scenarios.find((s) => s.name === name) ?? scenarios[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setPending(true);
    setProblem(null);
    try {
      const result = await startExperiment({
        name: chosen.name,
        ...(seed !== '' ? { seed: Number(seed) } : {}),
        ...(duration !== '' ? { durationSeconds: Number(duration) } : {}),
      });
      if (!result.ok) setProblem(result.message);
      setTick((t) => t + 1);
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="experiments" className="flex flex-col gap-2">
      <h2 id="experiments" className="font-semibold text-lg">
        Experiments
      </h2>
      <form
        onSubmit={(event) => void submit(event)}
        aria-label="Run an experiment"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-surface p-3"
      >
        <div className="flex min-w-48 flex-col gap-1 text-xs">
          <label htmlFor={`${idBase}-name`}>scenario</label>
          <select
            id={`${idBase}-name`}
            className={inputClass}
            value={chosen?.name ?? ''}
            onChange={(e) => setName(e.target.value)}
          >
            {scenarios.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex w-32 flex-col gap-1 text-xs">
          <label htmlFor={`${idBase}-seed`}>seed</label>
          <input
            id={`${idBase}-seed`}
            type="number"
            min={0}
            step={1}
            placeholder="random"
            className={inputClass}
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
          />
        </div>
        <div className="flex w-32 flex-col gap-1 text-xs">
          <label htmlFor={`${idBase}-duration`}>duration (s)</label>
          <input
            id={`${idBase}-duration`}
            type="number"
            min={10}
            max={3600}
            step={1}
            placeholder={String(chosen?.defaultDurationSeconds ?? '')}
            className={inputClass}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
          />
        </div>
        <button
          type="submit"
          disabled={pending || !chosen}
          className="rounded-md border border-line bg-raised px-3 py-1 font-medium text-sm hover:border-accent disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-accent"
        >
          {pending ? 'Starting…' : 'Run experiment'}
        </button>
        {chosen ? <p className="basis-full text-muted text-xs">{chosen.description}</p> : null}
        {problem ? (
          <p role="alert" className="basis-full text-critical text-xs">
            {problem}
          </p>
        ) : null}
      </form>
      {runs.slice(0, 3).map((run) => (
        <ExperimentReport key={run.id} run={run} />
      ))}
    </section>
  );
}

function ExperimentReport({ run }: { run: ExperimentRun }) {
  const done = isFinished(run);
  const tone =
    run.status === 'passed'
      ? 'text-accent'
      : run.status === 'running' || run.status === 'settling'
        ? 'text-muted'
        : 'text-critical';
  return (
    <article
      data-testid="experiment-run"
      aria-label={`Experiment ${run.name} ${run.id}`}
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface p-3 text-sm"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{run.name}</span>
        <span className="font-mono text-muted text-xs">
          {run.id} · seed {run.seed} · {run.durationSeconds} s
        </span>
        <span data-testid="experiment-status" className={`font-semibold uppercase ${tone}`}>
          {run.status}
        </span>
        {!done ? (
          <progress
            className="h-2 w-40"
            max={1}
            value={run.progress}
            aria-label="Experiment progress"
          />
        ) : null}
      </div>
      {run.error ? <p className="text-critical text-xs">{run.error}</p> : null}
      <ul className="flex flex-col gap-0.5 text-xs" aria-label="Scheduled faults">
        {run.steps.map((step) => (
          <li key={`${step.atSeconds}-${step.kind}-${step.target}`} className="text-muted">
            at {step.atSeconds}s: <span className="text-fg">{step.kind}</span> on {step.target} for{' '}
            {step.ttlSeconds}s
            {step.error ? <span className="text-critical"> · {step.error}</span> : null}
          </li>
        ))}
      </ul>
      {run.checks.length > 0 ? (
        <table className="w-full text-left text-xs" aria-label="Hypothesis">
          <tbody>
            {run.checks.map((check) => (
              <tr key={check.name} className="border-line border-t">
                <td
                  className={`py-1 pr-2 font-semibold ${check.pass ? 'text-accent' : 'text-critical'}`}
                >
                  {check.pass ? 'PASS' : 'FAIL'}
                </td>
                <td className="py-1 pr-2">{check.name}</td>
                <td className="py-1 pr-2 text-muted">{check.expected}</td>
                <td className="py-1">{check.observed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {run.samples.length > 0 ? (
        <p className="font-mono text-muted text-xs">
          <span className="font-sans">gateway over time: </span>
          {run.samples
            .map(
              (s) =>
                `${Math.round(s.atSeconds)}s ${s.requestRatePerSecond.toFixed(1)}/s ${(s.errorRate * 100).toFixed(1)}% p95 ${Math.round(s.p95Ms)}ms`,
            )
            .join(' · ')}
        </p>
      ) : null}
      {run.failedTraceIds.length > 0 ? (
        <p className="flex flex-wrap gap-2 text-xs">
          traces with an error:
          {run.failedTraceIds.slice(0, 8).map((id) => (
            <Link key={id} href={`/traces/${id}`} className="font-mono text-accent hover:underline">
              {id.slice(0, 12)}
            </Link>
          ))}
        </p>
      ) : null}
    </article>
  );
}

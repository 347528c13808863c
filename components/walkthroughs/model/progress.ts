import type { Walkthrough } from './types';

/**
 * Progress per walkthrough, kept in localStorage (and the current step in the URL, `?step=N`,
 * 1-based). Pure functions over a plain record; the storage itself is injected.
 */
export const PROGRESS_KEY = 'patternscope.walkthroughs.v1';

export interface WalkthroughProgress {
  /** 0-based index of the step last shown. */
  step: number;
  /** Ids of the steps whose checks all passed. */
  completed: readonly string[];
}

export type ProgressRecord = Readonly<Record<string, WalkthroughProgress>>;

/** Reads stored progress; anything malformed is dropped rather than trusted. */
export function parseProgress(raw: string | null): ProgressRecord {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const result: Record<string, WalkthroughProgress> = {};
  for (const [slug, entry] of Object.entries(value)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { step, completed } = entry as { step?: unknown; completed?: unknown };
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) continue;
    const ids = Array.isArray(completed)
      ? completed.filter((id): id is string => typeof id === 'string')
      : [];
    result[slug] = { step, completed: [...new Set(ids)] };
  }
  return result;
}

export function serializeProgress(progress: ProgressRecord): string {
  return JSON.stringify(progress);
}

export function withStep(progress: ProgressRecord, slug: string, step: number): ProgressRecord {
  const entry = progress[slug] ?? { step: 0, completed: [] };
  return { ...progress, [slug]: { ...entry, step } };
}

export function withCompleted(
  progress: ProgressRecord,
  slug: string,
  stepId: string,
): ProgressRecord {
  const entry = progress[slug] ?? { step: 0, completed: [] };
  if (entry.completed.includes(stepId)) return progress;
  return { ...progress, [slug]: { ...entry, completed: [...entry.completed, stepId] } };
}

export function withoutWalkthrough(progress: ProgressRecord, slug: string): ProgressRecord {
  const { [slug]: _removed, ...rest } = progress;
  return rest;
}

export interface ProgressSummary {
  done: number;
  total: number;
  state: 'not-started' | 'in-progress' | 'completed';
  /** 0-based step to resume at. */
  resumeStep: number;
}

export function summarize(walkthrough: Walkthrough, entry?: WalkthroughProgress): ProgressSummary {
  const total = walkthrough.steps.length;
  const ids = new Set(walkthrough.steps.map((s) => s.id));
  const done = entry ? entry.completed.filter((id) => ids.has(id)).length : 0;
  const resumeStep = entry ? clampStep(entry.step, total) : 0;
  const state = done >= total ? 'completed' : entry ? 'in-progress' : 'not-started';
  return { done, total, state, resumeStep };
}

function clampStep(step: number, total: number): number {
  return Math.min(Math.max(0, step), Math.max(0, total - 1));
}

/** `?step=N` (1-based) → a 0-based index; missing or invalid → null. */
export function parseStepParam(value: string | null | undefined, total: number): number | null {
  if (value === null || value === undefined || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  if (n < 1 || n > total) return null;
  return n - 1;
}

export function stepHref(slug: string, index: number): string {
  return `/walkthroughs/${encodeURIComponent(slug)}?step=${index + 1}`;
}

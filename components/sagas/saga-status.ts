import type {
  SagaStatus,
  SagaStep,
  SagaSummary,
  SagaTimeline,
  StatusCode,
} from '../../collectors/contracts';
import type { Tone } from '../charts/tones';

export const SAGA_STATUSES: readonly SagaStatus[] = [
  'running',
  'compensating',
  'completed',
  'compensated',
  'failed',
];

export const SAGA_STATUS_TONES: Record<SagaStatus, Tone> = {
  running: 'accent',
  compensating: 'warn',
  completed: 'healthy',
  compensated: 'warn',
  failed: 'critical',
};

/** Parses the `?status=` of the list page; anything else means "all". */
export function parseStatusFilter(value: string | null | undefined): SagaStatus | null {
  return SAGA_STATUSES.find((status) => status === value) ?? null;
}

/** The list API's URL for a filter. */
export function sagaListUrl(base: string, status: SagaStatus | null, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (status !== null) query.set('status', status);
  return `${base}?${query.toString()}`;
}

/** A list row: the summary fields the list shows, from a full timeline. */
export function summarize(saga: SagaTimeline): SagaSummary {
  const { steps, ...rest } = saga;
  return {
    ...rest,
    stepCount: steps.length + saga.droppedSteps,
    compensationCount: steps.filter((step) => step.kind === 'compensation').length,
  };
}

export interface StepStatus {
  label: string;
  tone: Tone;
}

/** A step's outcome in words: OTel's `unset` on a finished span means it did not fail. */
export function stepStatus(step: Pick<SagaStep, 'status' | 'kind'>): StepStatus {
  const byCode: Record<StatusCode, StepStatus> = {
    error: { label: 'failed', tone: 'critical' },
    ok: { label: 'ok', tone: 'healthy' },
    unset: { label: 'done', tone: 'healthy' },
  };
  return byCode[step.status];
}

/** Link to the span of a step in the trace view. */
export function stepTraceHref(step: Pick<SagaStep, 'traceId' | 'spanId'>): string {
  return `/traces/${encodeURIComponent(step.traceId)}?span=${encodeURIComponent(step.spanId)}`;
}

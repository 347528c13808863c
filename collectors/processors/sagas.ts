import { SAGA_STEP_KINDS, sagaAttributes } from '../contracts/conventions';
import type { SagaStatus, SagaStep, SagaStepKind, SagaTimeline } from '../contracts/sagas';
import type { Span } from '../contracts/traces';
import { stringAttribute } from './telemetry-events';
import { spanEndUnixMs } from './trace-tree';

/**
 * Saga timelines from spans carrying `saga.id` (one span per step), grouped by saga id.
 * The status is the `saga.status` of the latest-ending step that reports one; without any, it
 * is inferred, and a saga counts as settled once no step arrived for `settleMs`:
 *   a compensation step failed            -> failed
 *   compensation steps seen               -> compensating, then compensated once settled
 *   an action failed, nothing compensated -> running, then failed once settled
 *   otherwise                             -> running, then completed once settled
 * At most `maxSagas` sagas are kept (least recently updated evicted first) and at most
 * `maxStepsPerSaga` steps per saga (earliest-starting dropped first; figures still count them).
 */

export interface SagaTrackerOptions {
  maxSagas?: number;
  maxStepsPerSaga?: number;
  settleMs?: number;
}

const STATUSES: readonly string[] = [
  'running',
  'compensating',
  'completed',
  'compensated',
  'failed',
] satisfies SagaStatus[];

interface SagaState {
  id: string;
  name: string;
  steps: Map<string, SagaStep>;
  droppedSteps: number;
  startUnixMs: number;
  endUnixMs: number;
  services: Set<string>;
  reported: { status: SagaStatus; atUnixMs: number } | null;
  hasCompensation: boolean;
  compensationFailed: boolean;
  actionFailed: boolean;
  lastUpdateUnixMs: number;
}

export class SagaTracker {
  readonly maxSagas: number;
  readonly maxStepsPerSaga: number;
  readonly settleMs: number;
  /** Insertion order is recency order: an updated saga moves to the end. */
  private readonly sagas = new Map<string, SagaState>();

  constructor(options: SagaTrackerOptions = {}) {
    this.maxSagas = Math.max(1, options.maxSagas ?? 500);
    this.maxStepsPerSaga = Math.max(1, options.maxStepsPerSaga ?? 200);
    this.settleMs = options.settleMs ?? 30_000;
  }

  get size(): number {
    return this.sagas.size;
  }

  /** Records a step span seen at `nowMs`; false (ignored) when it carries no saga.id. */
  record(span: Span, nowMs: number): boolean {
    const id = stringAttribute(span.attributes, sagaAttributes.id);
    if (id === '') return false;
    const saga = this.touch(id, nowMs);
    saga.lastUpdateUnixMs = nowMs;
    if (saga.steps.has(span.spanId)) return true; // a span delivered twice
    if (stringAttribute(span.attributes, sagaAttributes.step) === '') {
      // The saga's own span (e.g. the orchestrator's request): it names the saga and may
      // report its status, but it is not a step of the timeline.
      this.recordSagaSpan(saga, span);
      return true;
    }

    const step = toStep(span);
    const end = spanEndUnixMs(span);
    saga.steps.set(span.spanId, step);
    saga.startUnixMs = Math.min(saga.startUnixMs, step.startUnixMs);
    saga.endUnixMs = Math.max(saga.endUnixMs, end);
    saga.services.add(step.service);
    if (saga.name === '') saga.name = stringAttribute(span.attributes, sagaAttributes.name);
    if (step.kind === 'compensation') {
      saga.hasCompensation = true;
      if (step.status === 'error') saga.compensationFailed = true;
    } else if (step.status === 'error') {
      saga.actionFailed = true;
    }
    const reported = stringAttribute(span.attributes, sagaAttributes.status).toLowerCase();
    if (STATUSES.includes(reported) && (!saga.reported || end >= saga.reported.atUnixMs)) {
      saga.reported = { status: reported as SagaStatus, atUnixMs: end };
    }
    if (saga.steps.size > this.maxStepsPerSaga) dropEarliestStep(saga);
    return true;
  }

  private recordSagaSpan(saga: SagaState, span: Span): void {
    if (saga.name === '') saga.name = stringAttribute(span.attributes, sagaAttributes.name);
    const end = spanEndUnixMs(span);
    const reported = stringAttribute(span.attributes, sagaAttributes.status).toLowerCase();
    if (STATUSES.includes(reported) && (!saga.reported || end >= saga.reported.atUnixMs)) {
      saga.reported = { status: reported as SagaStatus, atUnixMs: end };
    }
  }

  /** Records every step span of a batch; returns how many carried a saga id. */
  recordAll(spans: Iterable<Span>, nowMs: number): number {
    let counted = 0;
    for (const span of spans) if (this.record(span, nowMs)) counted++;
    return counted;
  }

  get(id: string, nowMs: number): SagaTimeline | undefined {
    const saga = this.sagas.get(id);
    return saga && this.timeline(saga, nowMs);
  }

  /** Sagas (only those in `status`, when given), latest start first, at most `limit`. */
  list(nowMs: number, limit = Number.POSITIVE_INFINITY, status?: SagaStatus): SagaTimeline[] {
    return [...this.sagas.values()]
      .filter((saga) => status === undefined || this.statusOf(saga, nowMs) === status)
      .sort((a, b) => b.startUnixMs - a.startUnixMs || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((saga) => this.timeline(saga, nowMs));
  }

  /** How many sagas are in each status at `nowMs`. */
  countByStatus(nowMs: number): Record<SagaStatus, number> {
    const counts = { running: 0, compensating: 0, completed: 0, compensated: 0, failed: 0 };
    for (const saga of this.sagas.values()) counts[this.statusOf(saga, nowMs)]++;
    return counts;
  }

  private statusOf(saga: SagaState, nowMs: number): SagaStatus {
    return saga.reported?.status ?? this.inferStatus(saga, nowMs);
  }

  private touch(id: string, nowMs: number): SagaState {
    const existing = this.sagas.get(id);
    if (existing) {
      this.sagas.delete(id);
      this.sagas.set(id, existing);
      return existing;
    }
    while (this.sagas.size >= this.maxSagas) {
      this.sagas.delete(this.sagas.keys().next().value as string);
    }
    const saga: SagaState = {
      id,
      name: '',
      steps: new Map(),
      droppedSteps: 0,
      startUnixMs: Number.POSITIVE_INFINITY,
      endUnixMs: Number.NEGATIVE_INFINITY,
      services: new Set(),
      reported: null,
      hasCompensation: false,
      compensationFailed: false,
      actionFailed: false,
      lastUpdateUnixMs: nowMs,
    };
    this.sagas.set(id, saga);
    return saga;
  }

  private timeline(saga: SagaState, nowMs: number): SagaTimeline {
    const steps = [...saga.steps.values()].sort(
      (a, b) => a.startUnixMs - b.startUnixMs || a.spanId.localeCompare(b.spanId),
    );
    return {
      id: saga.id,
      name: saga.name,
      status: this.statusOf(saga, nowMs),
      statusSource: saga.reported ? 'reported' : 'inferred',
      startUnixMs: saga.startUnixMs,
      durationMs: Math.max(0, saga.endUnixMs - saga.startUnixMs),
      coordination: saga.services.size > 1 ? 'choreographed' : 'orchestrated',
      services: [...saga.services].sort(),
      steps: steps.map((step) => ({ ...step })),
      droppedSteps: saga.droppedSteps,
      lastUpdateUnixMs: saga.lastUpdateUnixMs,
    };
  }

  private inferStatus(saga: SagaState, nowMs: number): SagaStatus {
    const settled = nowMs - saga.lastUpdateUnixMs >= this.settleMs;
    if (saga.compensationFailed) return 'failed';
    if (saga.hasCompensation) return settled ? 'compensated' : 'compensating';
    if (!settled) return 'running';
    return saga.actionFailed ? 'failed' : 'completed';
  }
}

function toStep(span: Span): SagaStep {
  const kind = stringAttribute(span.attributes, sagaAttributes.stepKind);
  return {
    name: stringAttribute(span.attributes, sagaAttributes.step) || span.name,
    kind: (SAGA_STEP_KINDS as readonly string[]).includes(kind) ? (kind as SagaStepKind) : 'action',
    service: span.service,
    traceId: span.traceId,
    spanId: span.spanId,
    startUnixMs: span.startTimeUnixMs,
    durationMs: span.durationMs,
    status: span.statusCode,
  };
}

function dropEarliestStep(saga: SagaState): void {
  let earliest: SagaStep | undefined;
  for (const step of saga.steps.values()) {
    if (!earliest || step.startUnixMs < earliest.startUnixMs) earliest = step;
  }
  if (earliest) {
    saga.steps.delete(earliest.spanId);
    saga.droppedSteps++;
  }
}

import { SAGAS_OVERVIEW_RECENT, type SagasOverview } from '../contracts/query-api';
import type { SagaTimeline } from '../contracts/sagas';
import { STREAM_VERSION, type StreamMessage, type StreamMessageType } from '../contracts/stream';
import type { SagaTracker } from '../processors/sagas';
import type { QuerySource } from './query-source';

/** Types the live stream sends on every tick; the rest only when they changed. */
export const EVERY_TICK: readonly StreamMessageType[] = ['graph', 'red'];

/** The messages of one live-stream tick, computed once and shared by every client. */
export function tickMessages(source: QuerySource): StreamMessage[] {
  const nowMs = source.clock();
  const v = STREAM_VERSION;
  return [
    { v, type: 'graph', data: source.graph.snapshot(nowMs) },
    { v, type: 'red', data: source.red.snapshot(nowMs) },
    { v, type: 'breakers', data: { breakers: source.breakers.list() } },
    { v, type: 'faults', data: source.faults.snapshot() },
    { v, type: 'sagas', data: sagasOverview(source.sagas, nowMs) },
    { v, type: 'cqrs', data: source.cqrs.snapshot() },
  ];
}

/** Counts per status and the latest sagas without their steps. */
export function sagasOverview(sagas: SagaTracker, nowMs: number): SagasOverview {
  const byStatus = sagas.countByStatus(nowMs);
  return {
    total: sagas.size,
    byStatus,
    recent: sagas.list(nowMs, SAGAS_OVERVIEW_RECENT).map(summarise),
  };
}

function summarise({ steps, ...saga }: SagaTimeline) {
  return {
    ...saga,
    stepCount: steps.length + saga.droppedSteps,
    compensationCount: steps.filter((s) => s.kind === 'compensation').length,
  };
}

import type { ExternalPayee } from './transfer';

/**
 * The transfer saga's persisted state (one `sagas` row) and its vocabulary. Pure types.
 *
 * Forward steps: debit (reserve funds) → check (limits and fraud rules) → send_external
 * (external payees) or credit (internal payees) → notify (the completion, with
 * `transfer.completed` appended to the outbox in the same transaction).
 * Compensations: release (credit the source back), refund (after a refused internal credit),
 * reverse (ask partner-bank to reverse an order, then release).
 */
export type SagaName = 'transfer' | 'external_transfer';
export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';
export type ActionStep = 'debit' | 'check' | 'send_external' | 'credit' | 'notify';
export type CompensationStep = 'release' | 'refund' | 'reverse';
export type SagaStep = ActionStep | CompensationStep;

export const TERMINAL_STATUSES: readonly SagaStatus[] = ['completed', 'compensated', 'failed'];
export const COMPENSATIONS: readonly SagaStep[] = ['release', 'refund', 'reverse'];

export function isTerminal(status: SagaStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function stepKind(step: SagaStep): 'action' | 'compensation' {
  return COMPENSATIONS.includes(step) ? 'compensation' : 'action';
}

/** What the saga carries between steps (the `data` column). */
export interface TransferSagaData {
  transferId: string;
  fromAccountId: string;
  toAccountId?: string;
  toExternal?: ExternalPayee;
  amountCents: number;
  customerId?: string;
  /** The source account's currency, learnt from the debit. */
  currency?: string;
  /** partner-bank's id of the accepted order. */
  partnerTransferId?: string;
}

/** One step's history: attempts made and the last outcome seen. */
export interface StepRecord {
  attempts: number;
  /** applied | rejected | unknown | passed | refused | accepted | unavailable | reversed | ... */
  outcome?: string;
  detail?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface SagaInstance {
  id: string;
  name: SagaName;
  status: SagaStatus;
  /** The step running or next to run (the last one, once terminal). */
  step: SagaStep;
  steps: Partial<Record<SagaStep, StepRecord>>;
  /** Compensations that took effect, in order. */
  compensations: CompensationStep[];
  /** When the current step gives up waiting for a known outcome. */
  stepDeadline: Date | null;
  /** Not before this time is the current step tried (again). */
  nextAttemptAt: Date;
  data: TransferSagaData;
  /** W3C trace context (`traceparent`, `tracestate`) of the request that started the saga. */
  traceContext: Record<string, string>;
  /** Why it is held, compensating, compensated or failed. */
  reason: string | null;
  /** Bumped by every write; a write names the version it read (optimistic concurrency). */
  version: number;
  startedAt: Date;
  updatedAt: Date;
}

import { createEvent, type EventEnvelope } from '../../platform/events/envelope';
import type { SagaInstance } from './saga-state';
import type { Transfer } from './transfer';
import { firstStep, type SagaTimings, type Transition } from './transfer-flow';

/** A new transfer's saga, at its first step, carrying the request's trace context. */
export function newTransferSaga(
  transfer: Transfer,
  traceContext: Record<string, string>,
  timings: SagaTimings,
  now = new Date(),
): SagaInstance {
  const step = firstStep();
  return {
    id: transfer.id,
    name: transfer.toExternal ? 'external_transfer' : 'transfer',
    status: 'running',
    step,
    steps: { [step]: { attempts: 0 } },
    compensations: [],
    stepDeadline: new Date(now.getTime() + timings.deadlinesMs[step]),
    nextAttemptAt: now,
    data: {
      transferId: transfer.id,
      fromAccountId: transfer.fromAccountId,
      ...(transfer.toAccountId ? { toAccountId: transfer.toAccountId } : {}),
      ...(transfer.toExternal ? { toExternal: transfer.toExternal } : {}),
      amountCents: transfer.amountCents,
      ...(transfer.customerId ? { customerId: transfer.customerId } : {}),
    },
    traceContext,
    reason: null,
    version: 1,
    startedAt: now,
    updatedAt: now,
  };
}

/** The saga's outcome event (correlationId = saga id; the record key = transfer id). */
export function transferEventOf(
  saga: SagaInstance,
  type: NonNullable<Transition['emit']>,
  source: string,
): EventEnvelope {
  const { data } = saga;
  const meta = { aggregateId: data.transferId, correlationId: saga.id, source };
  const customer = data.customerId ? { customerId: data.customerId } : {};
  if (type === 'transfer.completed') {
    return createEvent(
      type,
      {
        transferId: data.transferId,
        ...customer,
        fromAccountId: data.fromAccountId,
        ...(data.toAccountId ? { toAccountId: data.toAccountId } : {}),
        external: data.toExternal !== undefined,
        amountCents: data.amountCents,
        currency: data.currency ?? 'EUR',
      },
      meta,
    );
  }
  return createEvent(
    type,
    {
      transferId: data.transferId,
      ...customer,
      reason: (saga.reason ?? 'rejected').slice(0, 200),
      compensations: [...saga.compensations],
    },
    meta,
  );
}

import type { Span, Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { SqlSession } from '../../platform/db';
import { createEvent, type EventEnvelope } from '../../platform/events/envelope';
import { appendToOutbox, type EventHandlers } from '../../platform/outbox';
import { emitLog, type LogLine } from '../../platform/service-log';
import { withSpan } from '../../platform/with-span';
import type { Loan } from './loan';
import type { LoansRepository } from './loans-repository';

/**
 * The loan-disbursement saga, choreographed over the bus (no orchestrator; every service
 * reacts to the previous step's event). Saga id = loan id = every event's correlationId.
 *
 *   lending   approve              loans row `approved` + `loan.approved` (one transaction)
 *   accounts  disburse             credits `loan:<id>:disburse` once → `loan.disbursed`
 *                                  or `loan.disbursement_failed`
 *   lending   record_disbursement  `loan.disbursed` → loan `disbursed`
 *   lending   cancel (compensation) `loan.disbursement_failed` → loan `cancelled` + `loan.cancelled`
 *   notifications notify          `loan.disbursed` / `loan.cancelled` → one notice each
 *
 * Timeouts (saga-deadlines.ts). No outcome `republishAfterMs` after `loan.approved` went out:
 * lending puts the SAME event (same id, `<loanId>:approved`) on its outbox again. Accounts'
 * inbox skips it if it was handled (its outcome is then already in accounts' outbox, on its
 * way); an accounts that never received it handles it now. The credit reference makes even a
 * second handling pay once. No outcome `cancelAfterMs` after approval: lending cancels the
 * loan (`disbursement_timeout`) and announces `loan.cancelled`.
 *
 * A late credit. A timeout cannot know whether accounts credited in the meantime (or will,
 * from a copy of `loan.approved` still in flight). The ledger is the fact, so a `loan.disbursed`
 * for a cancelled loan makes it `disbursed` again (reason `disbursed_after_cancellation`, saga
 * status `completed`): the customer has the money and owes the loan; the invariant
 * "disbursed principal = loan credits on the ledger" holds. Reversing the credit instead
 * would need a debit the customer may no longer cover. A cancellation caused by
 * `loan.disbursement_failed` is final in practice: accounts answers one `loan.approved` id
 * once, and refused it.
 */
export const LOAN_SAGA = 'loan_disbursement';
export const LENDING_SOURCE = 'lending';

export type LoanSagaStep = 'approve' | 'disburse' | 'record_disbursement' | 'notify' | 'cancel';
type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated';

/** One span per saga step, with the saga.* attributes. */
export function sagaStep<T>(
  tracer: Tracer,
  loanId: string,
  step: LoanSagaStep,
  kind: 'action' | 'compensation',
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return withSpan(
    tracer,
    `${LOAN_SAGA}.${step}`,
    {
      [sagaAttributes.name]: LOAN_SAGA,
      [sagaAttributes.id]: loanId,
      [sagaAttributes.step]: step,
      [sagaAttributes.stepKind]: kind,
    },
    fn,
  );
}

/** The saga's own span (no saga.step): its status at this point. */
export function sagaStatus(tracer: Tracer, loanId: string, status: SagaStatus): void {
  tracer
    .startSpan(LOAN_SAGA, {
      attributes: {
        [sagaAttributes.name]: LOAN_SAGA,
        [sagaAttributes.id]: loanId,
        [sagaAttributes.status]: status,
      },
    })
    .end();
}

/** The WARN line of a compensation: the loan was cancelled and `loan.cancelled` announced. */
export function loanCancelledLine(loanId: string, reason: string): LogLine {
  return {
    level: 'warn',
    eventName: 'saga.compensated',
    body: `loan ${loanId} cancelled (${reason}): the disbursement did not happen, loan.cancelled announced`,
    attributes: {
      [sagaAttributes.name]: LOAN_SAGA,
      [sagaAttributes.id]: loanId,
      [sagaAttributes.status]: 'compensated',
      'loan.cancel_reason': reason,
    },
  };
}

export const approvedEventId = (loanId: string) => `${loanId}:approved`;

/** `loan.approved` of `loan`: always the same envelope (id and time) for one loan. */
export function approvedEvent(loan: Loan): EventEnvelope {
  return createEvent(
    'loan.approved',
    {
      loanId: loan.id,
      customerId: loan.customerId,
      accountId: loan.accountId,
      amountCents: loan.principalCents,
      currency: loan.currency,
    },
    {
      id: approvedEventId(loan.id),
      aggregateId: loan.id,
      correlationId: loan.id,
      source: LENDING_SOURCE,
      time: new Date(loan.createdAt),
    },
  );
}

/** Cancels an approved loan and announces it, in `tx`; false when it was not approved. */
export async function cancelLoan(
  tx: SqlSession,
  loans: LoansRepository,
  loanId: string,
  reason: string,
  causationId: string,
): Promise<boolean> {
  const cancelled = await loans.markCancelled(tx, loanId, reason);
  if (!cancelled) return false;
  await appendToOutbox(
    tx,
    createEvent(
      'loan.cancelled',
      { loanId, customerId: cancelled.customerId, reason },
      {
        id: `${loanId}:cancelled`,
        aggregateId: loanId,
        correlationId: loanId,
        causationId,
        source: LENDING_SOURCE,
      },
    ),
  );
  return true;
}

/** Lending's handlers of accounts' outcomes (group `lending.loan-outcomes`). */
export function loanOutcomeHandlers(deps: {
  tracer: Tracer;
  loans: LoansRepository;
  logger?: Logger;
}): EventHandlers {
  const { tracer, loans, logger } = deps;
  return {
    'loan.disbursed': (event, tx) =>
      sagaStep(tracer, event.data.loanId, 'record_disbursement', 'action', async (span) => {
        const previous = await loans.markDisbursed(tx, event.data.loanId, event.time);
        span.setAttribute('loan.previous_status', previous ?? 'unchanged');
        if (previous) sagaStatus(tracer, event.data.loanId, 'completed');
      }),
    'loan.disbursement_failed': (event, tx) =>
      sagaStep(tracer, event.data.loanId, 'cancel', 'compensation', async (span) => {
        span.setAttribute('loan.cancel_reason', event.data.reason);
        if (await cancelLoan(tx, loans, event.data.loanId, event.data.reason, event.id)) {
          sagaStatus(tracer, event.data.loanId, 'compensated');
          emitLog(logger, loanCancelledLine(event.data.loanId, event.data.reason));
        }
      }),
  };
}

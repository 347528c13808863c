import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type { ServiceDb } from '../../platform/db';
import { requeueInOutbox } from '../../platform/outbox';
import { emitLog } from '../../platform/service-log';
import {
  approvedEvent,
  approvedEventId,
  cancelLoan,
  loanCancelledLine,
  sagaStatus,
  sagaStep,
} from './loan-saga';
import type { LoansRepository } from './loans-repository';

/**
 * The loan saga's timeouts (see loan-saga.ts for why they are safe): an approval without an
 * outcome is published again (same event id) after `republishAfterMs`, and the loan is
 * cancelled (compensated) after `cancelAfterMs`.
 */
export interface SagaDeadlines {
  /** Default 30 s. */
  republishAfterMs: number;
  /** Default 120 s; longer than republishAfterMs, so the approval goes out again first. */
  cancelAfterMs: number;
}

export const DEFAULT_DEADLINES: SagaDeadlines = {
  republishAfterMs: 30_000,
  cancelAfterMs: 120_000,
};

export const TIMEOUT_REASON = 'disbursement_timeout';

const BATCH = 20;

export async function enforceDeadlines(deps: {
  tracer: Tracer;
  db: ServiceDb;
  loans: LoansRepository;
  deadlines: SagaDeadlines;
  wake: () => void;
  logger?: Logger;
}): Promise<{ cancelled: number; republished: number }> {
  const { tracer, db, loans, deadlines } = deps;
  let cancelled = 0;
  let republished = 0;
  for (const loan of await loans.approvedSince(deadlines.cancelAfterMs, BATCH)) {
    await sagaStep(tracer, loan.id, 'cancel', 'compensation', async (span) => {
      span.setAttribute('loan.cancel_reason', TIMEOUT_REASON);
      const done = await db.transaction((tx) =>
        cancelLoan(tx, loans, loan.id, TIMEOUT_REASON, approvedEventId(loan.id)),
      );
      if (done) {
        cancelled += 1;
        sagaStatus(tracer, loan.id, 'compensated');
        emitLog(deps.logger, loanCancelledLine(loan.id, TIMEOUT_REASON));
      }
    });
  }
  for (const loan of await loans.approvalUnanswered(deadlines.republishAfterMs, BATCH)) {
    await sagaStep(tracer, loan.id, 'approve', 'action', async (span) => {
      span.setAttribute('loan.approval_republished', true);
      const done = await db.transaction(async (tx) => {
        if (!(await loans.noteApprovalRepublished(tx, loan.id))) return false;
        await requeueInOutbox(tx, approvedEvent(loan));
        return true;
      });
      if (done) republished += 1;
    });
  }
  if (cancelled + republished > 0) deps.wake();
  return { cancelled, republished };
}

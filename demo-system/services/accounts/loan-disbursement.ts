import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { idempotencyAttributes, sagaAttributes } from '../../../collectors/contracts/conventions';
import type { EventBus } from '../../platform/bus/event-bus';
import type { ServiceDb } from '../../platform/db';
import { createEvent } from '../../platform/events/envelope';
import { appendToOutbox, type EventConsumer, startEventConsumer } from '../../platform/outbox';
import { withSpan } from '../../platform/with-span';
import { checkDisbursementTarget } from './ledger';
import type { AccountsWriteSide } from './write-side';

/**
 * Accounts' step of the choreographed loan-disbursement saga (lending's loan-saga.ts has the
 * whole picture): `loan.approved` → credit the borrower's account once, with reference
 * `loan:<loanId>:disburse` → `loan.disbursed`, or `loan.disbursement_failed` with the reason
 * (account_not_found, account_not_owned_by_customer, currency_mismatch, reference_conflict).
 *
 * Exactly once: the consumer kit runs this handler in ONE transaction with its inbox row, and
 * the credit, its event and the outcome event go to the store and the outbox in that same
 * transaction. A redelivered `loan.approved` finds its inbox row; a second `loan.approved`
 * with another id finds the reference recorded and answers the recorded outcome again.
 */
export const LOAN_DISBURSEMENT_GROUP = 'accounts.loan-disbursement';
export const LOAN_SAGA = 'loan_disbursement';

export function disbursementReference(loanId: string): string {
  return `loan:${loanId}:disburse`;
}

export function startLoanDisbursement(options: {
  service: string;
  db: ServiceDb;
  bus: EventBus;
  tracer: Tracer;
  logger?: Logger;
  log: (line: string) => void;
  writeSide: AccountsWriteSide;
}): Promise<EventConsumer> {
  const { service, tracer, writeSide } = options;
  return startEventConsumer({
    service,
    db: options.db,
    bus: options.bus,
    tracer,
    logger: options.logger,
    log: options.log,
    groupId: LOAN_DISBURSEMENT_GROUP,
    handlers: {
      'loan.approved': async (event, tx) => {
        const loan = event.data;
        const reference = disbursementReference(loan.loanId);
        const meta = {
          aggregateId: loan.loanId,
          correlationId: loan.loanId,
          causationId: event.id,
          source: service,
        };
        await withSpan(
          tracer,
          `${LOAN_SAGA}.disburse`,
          {
            [sagaAttributes.name]: LOAN_SAGA,
            [sagaAttributes.id]: loan.loanId,
            [sagaAttributes.step]: 'disburse',
            [sagaAttributes.stepKind]: 'action',
            [idempotencyAttributes.key]: reference,
          },
          async (span) => {
            const account = await writeSide.findAccount(loan.accountId, tx);
            let reason: string | undefined = checkDisbursementTarget(account, loan.customerId);
            if (reason === undefined) {
              const result = await writeSide.postEntryIn(
                tx,
                {
                  accountId: loan.accountId,
                  kind: 'credit',
                  amountCents: loan.amountCents,
                  reference,
                  currency: loan.currency,
                },
                { correlationId: loan.loanId, causationId: event.id },
              );
              if (result.kind === 'recorded') {
                span.setAttribute(idempotencyAttributes.duplicate, result.replayed);
                if (result.outcome.status === 'rejected') reason = result.outcome.error;
              } else {
                reason = result.kind;
              }
            }
            if (reason === undefined) {
              await appendToOutbox(
                tx,
                createEvent(
                  'loan.disbursed',
                  {
                    loanId: loan.loanId,
                    customerId: loan.customerId,
                    accountId: loan.accountId,
                    amountCents: loan.amountCents,
                    currency: loan.currency,
                  },
                  meta,
                ),
              );
            } else {
              span.setAttribute('loan.disbursement.failure_reason', reason);
              await appendToOutbox(
                tx,
                createEvent(
                  'loan.disbursement_failed',
                  { loanId: loan.loanId, accountId: loan.accountId, reason },
                  meta,
                ),
              );
            }
          },
        );
        // The consumer kit commits after this returns: wake the projections and the relay
        // shortly after (an early wake only costs an empty poll; their own polls follow).
        setTimeout(() => writeSide.notifyAppended(), 25).unref();
      },
    },
  });
}

import type { Tracer } from '@opentelemetry/api';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { LedgerPort } from '../../platform/ledger-client';
import { withSpan } from '../../platform/with-span';
import type { PartnerPort } from './partner-port';
import { references, type Transfer, type TransferOutcome } from './transfer';

/**
 * An external transfer: debit the source, send the payment order to partner-bank, and refund
 * the source if partner-bank definitely refuses. Every step is idempotent (ledger references,
 * the order's Idempotency-Key), so the whole saga is re-run from the start until it settles:
 *
 * - debit unknown, partner-bank unavailable (breaker open, down, slow) or refund unknown →
 *   `held`: the scheduler runs it again later (the fallback; money stays debited, nothing is
 *   refunded while partner-bank might still pay);
 * - debit refused → `rejected`, nothing moved;
 * - partner-bank accepts → `completed`;
 * - partner-bank refuses → refund, then `rejected` with partner-bank's reason.
 */
export async function runExternalTransferSaga(
  tracer: Tracer,
  ledger: LedgerPort,
  partner: PartnerPort,
  transfer: Transfer,
): Promise<TransferOutcome> {
  const payee = transfer.toExternal;
  if (!payee) throw new Error(`transfer ${transfer.id} has no external payee`);
  const step = <T extends { kind: string }>(
    name: string,
    kind: 'action' | 'compensation',
    run: () => Promise<T>,
  ) =>
    withSpan(
      tracer,
      `transfer.${name}`,
      {
        [sagaAttributes.name]: 'external_transfer',
        [sagaAttributes.id]: transfer.id,
        [sagaAttributes.step]: name,
        [sagaAttributes.stepKind]: kind,
      },
      async (span) => {
        const answer = await run();
        span.setAttribute('saga.step.outcome', answer.kind);
        return answer;
      },
    );

  const debit = await step('debit', 'action', () =>
    ledger.debit({
      accountId: transfer.fromAccountId,
      amountCents: transfer.amountCents,
      reference: references.debit(transfer.id),
    }),
  );
  if (debit.kind === 'unknown') return { status: 'held', reason: 'accounts_unavailable' };
  if (debit.kind === 'rejected') {
    return {
      status: 'rejected',
      reason: debit.httpStatus === 404 ? 'account_not_found' : debit.error,
    };
  }

  const sent = await step('send_external', 'action', () =>
    partner.send({
      idempotencyKey: references.external(transfer.id),
      payee,
      amountCents: transfer.amountCents,
      currency: debit.currency,
    }),
  );
  if (sent.kind === 'accepted') return { status: 'completed' };
  if (sent.kind === 'unavailable') return { status: 'held', reason: sent.reason };

  const refund = await step('refund', 'compensation', () =>
    ledger.credit({
      accountId: transfer.fromAccountId,
      amountCents: transfer.amountCents,
      reference: references.refund(transfer.id),
    }),
  );
  if (refund.kind === 'applied') return { status: 'rejected', reason: sent.error };
  // A refund that is unknown is retried (same reference); a refused one needs a person.
  if (refund.kind === 'unknown') return { status: 'held', reason: 'refund_pending' };
  return { status: 'failed', reason: 'compensation_failed' };
}

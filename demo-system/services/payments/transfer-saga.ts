import type { Tracer } from '@opentelemetry/api';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { LedgerAnswer, LedgerPort } from '../../platform/ledger-client';
import { withSpan } from '../../platform/with-span';
import { references, type Transfer, type TransferOutcome } from './transfer';

/**
 * The transfer saga (orchestrated, synchronous for now): debit the source, credit the target,
 * and if the credit is definitely refused, refund the source. One span per step, carrying the
 * saga.* attributes of the conventions. A step whose outcome stays unknown after retries is
 * never compensated blindly (that could create money): the transfer ends as `failed`.
 */
export async function runTransferSaga(
  tracer: Tracer,
  ledger: LedgerPort,
  transfer: Transfer,
): Promise<TransferOutcome> {
  const toAccountId = transfer.toAccountId;
  if (toAccountId === undefined) throw new Error(`transfer ${transfer.id} has no target account`);
  const step = (name: string, kind: 'action' | 'compensation', run: () => Promise<LedgerAnswer>) =>
    withSpan(
      tracer,
      `transfer.${name}`,
      {
        [sagaAttributes.name]: 'transfer',
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
  if (debit.kind === 'unknown') return { status: 'failed', reason: 'accounts_unavailable' };
  if (debit.kind === 'rejected') return { status: 'rejected', reason: reasonOf(debit) };

  const credit = await step('credit', 'action', () =>
    ledger.credit({
      accountId: toAccountId,
      amountCents: transfer.amountCents,
      reference: references.credit(transfer.id),
      currency: debit.currency,
    }),
  );
  if (credit.kind === 'applied') return { status: 'completed' };
  if (credit.kind === 'unknown') return { status: 'failed', reason: 'accounts_unavailable' };

  const refund = await step('refund', 'compensation', () =>
    ledger.credit({
      accountId: transfer.fromAccountId,
      amountCents: transfer.amountCents,
      reference: references.refund(transfer.id),
    }),
  );
  if (refund.kind !== 'applied') return { status: 'failed', reason: 'compensation_failed' };
  return { status: 'rejected', reason: reasonOf(credit) };
}

function reasonOf(answer: Extract<LedgerAnswer, { kind: 'rejected' }>): string {
  return answer.httpStatus === 404 ? 'account_not_found' : answer.error;
}

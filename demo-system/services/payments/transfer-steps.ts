import type { LedgerAnswer, LedgerPort } from '../../platform/ledger-client';
import type { PartnerPort } from './partner-port';
import type { SagaInstance, TransferSagaData } from './saga-state';
import { references } from './transfer';
import type { CheckDecision } from './transfer-checks';
import type { StepResult } from './transfer-flow';

/**
 * What each step of the transfer saga does, one call (or two) per attempt. Every call carries
 * an idempotency key derived from the transfer id, so an attempt repeated after a timeout, a
 * crash or a lost claim applies nothing twice. No state here: the runner persists the result.
 */
export interface StepPorts {
  ledger: LedgerPort;
  /** Absent when partner-bank is not configured (external transfers are then refused at POST). */
  partner: PartnerPort | undefined;
  /** The limit and fraud rules, on payments' own records. */
  check(saga: SagaInstance): Promise<CheckDecision>;
}

export async function executeStep(ports: StepPorts, saga: SagaInstance): Promise<StepResult> {
  const { data } = saga;
  const id = data.transferId;
  switch (saga.step) {
    case 'debit':
      return fromLedger(
        await ports.ledger.debit({
          accountId: data.fromAccountId,
          amountCents: data.amountCents,
          reference: references.debit(id),
        }),
        (answer) => ({ currency: answer.currency }),
      );
    case 'check': {
      const decision = await ports.check(saga);
      return decision.ok
        ? { kind: 'done', outcome: 'passed' }
        : { kind: 'refused', outcome: 'refused', reason: decision.reason };
    }
    case 'send_external': {
      const partner = requirePartner(ports);
      if (!data.toExternal) throw new Error(`transfer ${id} has no external payee`);
      const answer = await partner.send({
        idempotencyKey: references.external(id),
        payee: data.toExternal,
        amountCents: data.amountCents,
        currency: data.currency ?? 'EUR',
      });
      if (answer.kind === 'accepted') {
        return {
          kind: 'done',
          outcome: 'accepted',
          data: { partnerTransferId: answer.partnerTransferId },
        };
      }
      if (answer.kind === 'refused') {
        return { kind: 'refused', outcome: 'refused', reason: answer.error };
      }
      return { kind: 'unknown', outcome: 'unavailable', reason: answer.reason };
    }
    case 'credit': {
      if (!data.toAccountId) throw new Error(`transfer ${id} has no target account`);
      return fromLedger(
        await ports.ledger.credit({
          accountId: data.toAccountId,
          amountCents: data.amountCents,
          reference: references.credit(id),
          ...(data.currency ? { currency: data.currency } : {}),
        }),
      );
    }
    case 'notify':
      // The completion itself: the runner appends `transfer.completed` to the outbox in the
      // transaction that records the saga completed.
      return { kind: 'done', outcome: 'appended' };
    case 'release':
      return release(ports, saga);
    case 'refund':
      return fromLedger(
        await ports.ledger.credit({
          accountId: data.fromAccountId,
          amountCents: data.amountCents,
          reference: references.refund(id),
          ...(data.currency ? { currency: data.currency } : {}),
        }),
      );
    case 'reverse': {
      const answer = await requirePartner(ports).reverse(references.external(id));
      if (answer.kind === 'reversed') {
        return { kind: 'done', outcome: answer.reversed ? 'reversed' : 'nothing_to_reverse' };
      }
      if (answer.kind === 'refused') {
        return { kind: 'refused', outcome: 'refused', reason: answer.error };
      }
      return { kind: 'unknown', outcome: 'unavailable', reason: answer.reason };
    }
  }
}

/**
 * Credits the source back. When the debit's outcome was never learnt (it stayed unknown past
 * its deadline), the debit is first re-sent with its own reference: accounts then either
 * replays it (it was applied: release it), applies it now (release it too: net zero), or
 * refuses it (nothing was reserved: nothing to release). Never a blind credit.
 */
async function release(ports: StepPorts, saga: SagaInstance): Promise<StepResult> {
  const { data } = saga;
  let currency = data.currency;
  if (saga.steps.debit?.outcome !== 'applied') {
    const debit = await ports.ledger.debit({
      accountId: data.fromAccountId,
      amountCents: data.amountCents,
      reference: references.debit(data.transferId),
    });
    if (debit.kind === 'unknown')
      return { kind: 'unknown', outcome: 'unknown', reason: debit.reason };
    if (debit.kind === 'rejected')
      return { kind: 'done', outcome: 'nothing_to_release', moved: false };
    currency = debit.currency;
  }
  return fromLedger(
    await ports.ledger.credit({
      accountId: data.fromAccountId,
      amountCents: data.amountCents,
      reference: references.release(data.transferId),
      ...(currency ? { currency } : {}),
    }),
    () => (currency ? { currency } : {}),
  );
}

function fromLedger(
  answer: LedgerAnswer,
  data?: (applied: Extract<LedgerAnswer, { kind: 'applied' }>) => Partial<TransferSagaData>,
): StepResult {
  if (answer.kind === 'applied') {
    return { kind: 'done', outcome: 'applied', ...(data ? { data: data(answer) } : {}) };
  }
  if (answer.kind === 'rejected') {
    const reason = answer.httpStatus === 404 ? 'account_not_found' : answer.error;
    return { kind: 'refused', outcome: 'rejected', reason };
  }
  return { kind: 'unknown', outcome: 'unknown', reason: 'accounts_unavailable' };
}

function requirePartner(ports: StepPorts): PartnerPort {
  if (!ports.partner) throw new Error('external transfers need partner-bank');
  return ports.partner;
}

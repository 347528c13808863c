import type { EventBus, Subscription } from '../../platform/bus/event-bus';
import { TOPICS } from '../../platform/events/catalog';
import { createEvent, type EventEnvelope, parseEvent } from '../../platform/events/envelope';
import { jsonRequest } from '../../testing/http';
import { disbursementReference } from './loan';

/**
 * Test stand-in for accounts' part of the loan saga (the `disburse` step): on `loan.approved`
 * it credits the account over accounts' HTTP API under the loan's reference (the ledger applies
 * it once) and publishes `loan.disbursed`, or `loan.disbursement_failed` when accounts refuses.
 * Per account it can also refuse outright or stay silent, to drive the saga's compensation
 * and timeouts. It publishes straight to the bus before its offset commits (at-least-once).
 */
export interface AccountsParticipantStub {
  /** Every `loan.approved` received, in order (redeliveries included). */
  readonly approvals: EventEnvelope[];
  readonly refusing: Set<string>;
  readonly silent: Set<string>;
  close(): Promise<void>;
}

export async function startAccountsParticipantStub(
  bus: EventBus,
  accountsUrl: string,
): Promise<AccountsParticipantStub> {
  const approvals: EventEnvelope[] = [];
  const refusing = new Set<string>();
  const silent = new Set<string>();
  const publish = (event: EventEnvelope) =>
    bus.publish(TOPICS.accounts, [
      {
        key: event.aggregateId,
        value: JSON.stringify(event),
        headers: { 'event-type': event.type, 'event-version': String(event.version) },
      },
    ]);
  const subscription: Subscription = await bus.subscribe({
    groupId: 'test.accounts-disbursement',
    topics: [TOPICS.lending],
    handle: async (message) => {
      if (message.headers['event-type'] !== 'loan.approved') return;
      const approved = parseEvent(message.value) as EventEnvelope<{
        loanId: string;
        customerId: string;
        accountId: string;
        amountCents: number;
        currency: string;
      }>;
      approvals.push(approved);
      const { loanId, accountId } = approved.data;
      if (silent.has(accountId)) return;
      const meta = {
        aggregateId: loanId,
        correlationId: loanId,
        causationId: approved.id,
        source: 'accounts',
      };
      const answer = refusing.has(accountId)
        ? { status: 422, body: { error: 'account_closed' } }
        : await jsonRequest('POST', `${accountsUrl}/accounts/${accountId}/credits`, {
            amountCents: approved.data.amountCents,
            reference: disbursementReference(loanId),
            currency: approved.data.currency,
          });
      if (answer.status >= 500) throw new Error(`accounts answered ${answer.status}`);
      if (answer.status >= 400) {
        await publish(
          createEvent(
            'loan.disbursement_failed',
            { loanId, accountId, reason: String(answer.body.error ?? 'refused') },
            meta,
          ),
        );
        return;
      }
      await publish(createEvent('loan.disbursed', { ...approved.data }, meta));
    },
  });
  return { approvals, refusing, silent, close: () => subscription.close() };
}

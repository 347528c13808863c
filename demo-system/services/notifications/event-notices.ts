import { randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { idempotencyAttributes, sagaAttributes } from '../../../collectors/contracts/conventions';
import type { SqlSession } from '../../platform/db';
import type { EventHandlers } from '../../platform/outbox';
import { withSpan } from '../../platform/with-span';
import type { NotificationsRepository } from './notifications-repository';
import { render, type Template, type TemplateData } from './templates';

/**
 * Notices from the bus (consumer group `notifications.notices`): the loan-disbursement saga's
 * outcomes and the transfer saga's. The consumer's inbox applies each event once; each notice
 * also has an idempotency key, the SAME one payments uses when it posts a transfer's completion
 * notice over HTTP (`transfer:<id>:notify`), so the two paths record one notice, not two. An
 * event without a customer id has no one to notify and is only marked handled.
 */
export const NOTICES_GROUP = 'notifications.notices';

const LOAN_SAGA = 'loan_disbursement';

interface Notice {
  customerId: string | undefined;
  template: Template;
  data: TemplateData;
  key: string;
}

export function noticeHandlers(deps: {
  tracer: Tracer;
  repository: NotificationsRepository;
}): EventHandlers {
  const { tracer, repository } = deps;

  const record = async (tx: SqlSession, notice: Notice): Promise<void> => {
    if (!notice.customerId) return;
    const { subject, text } = render(notice.template, notice.data);
    await repository.record(
      {
        id: `ntf_${randomUUID()}`,
        customerId: notice.customerId,
        channel: 'email',
        template: notice.template,
        data: notice.data,
        subject,
        body: text,
        status: 'sent',
        createdAt: new Date().toISOString(),
      },
      notice.key,
      tx,
    );
  };

  /** The loan saga's notify step: one span with the saga.* attributes. */
  const loanNotice = (loanId: string, tx: SqlSession, notice: Notice) =>
    withSpan(
      tracer,
      `${LOAN_SAGA}.notify`,
      {
        [sagaAttributes.name]: LOAN_SAGA,
        [sagaAttributes.id]: loanId,
        [sagaAttributes.step]: 'notify',
        [sagaAttributes.stepKind]: 'action',
        [idempotencyAttributes.key]: notice.key,
      },
      () => record(tx, notice),
    );

  return {
    'loan.disbursed': (event, tx) =>
      loanNotice(event.data.loanId, tx, {
        customerId: event.data.customerId,
        template: 'loan_disbursed',
        data: {
          loanId: event.data.loanId,
          amountCents: event.data.amountCents,
          currency: event.data.currency,
        },
        key: `loan:${event.data.loanId}:disbursed-notice`,
      }),
    'loan.cancelled': (event, tx) =>
      loanNotice(event.data.loanId, tx, {
        customerId: event.data.customerId,
        template: 'loan_cancelled',
        data: { loanId: event.data.loanId, reason: event.data.reason },
        key: `loan:${event.data.loanId}:cancelled-notice`,
      }),
    'transfer.completed': (event, tx) =>
      record(tx, {
        customerId: event.data.customerId,
        template: 'transfer_completed',
        data: {
          transferId: event.data.transferId,
          amountCents: event.data.amountCents,
          currency: event.data.currency,
        },
        key: `transfer:${event.data.transferId}:notify`,
      }),
    'transfer.compensated': (event, tx) =>
      record(tx, {
        customerId: event.data.customerId,
        template: 'transfer_rejected',
        data: { transferId: event.data.transferId, reason: event.data.reason },
        key: `transfer:${event.data.transferId}:compensated-notice`,
      }),
  };
}

import { type ServiceClient, UpstreamError } from '../../platform/http-client';
import { references, type Transfer } from './transfer';

/**
 * Best effort completion notices through the notifications service. A notice never decides a
 * transfer's outcome: when notifications is down or slow the transfer still completes and its
 * notice is recorded `pending`, sent later by the scheduler (same Idempotency-Key, so a notice
 * that did arrive is not sent twice).
 */
export interface Notifier {
  /** `sent`, `pending` (try again later), or undefined when there is no one to notify. */
  completed(transfer: Transfer, currency?: string): Promise<'sent' | 'pending' | undefined>;
}

export function httpNotifier(
  notifications: ServiceClient | undefined,
  timeoutMs = 1_000,
): Notifier {
  return {
    completed: async (transfer) => {
      if (!notifications || !transfer.customerId) return undefined;
      try {
        const response = await notifications.call('POST', '/notifications', {
          timeoutMs,
          headers: { 'idempotency-key': references.notify(transfer.id) },
          body: {
            customerId: transfer.customerId,
            channel: 'email',
            template: 'transfer_completed',
            data: { transferId: transfer.id, amountCents: transfer.amountCents },
          },
        });
        return response.status >= 200 && response.status < 300 ? 'sent' : 'pending';
      } catch (error) {
        if (error instanceof UpstreamError) return 'pending';
        throw error;
      }
    },
  };
}

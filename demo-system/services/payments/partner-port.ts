import { type ServiceClient, UpstreamError } from '../../platform/http-client';
import type { ExternalPayee } from './transfer';

/**
 * Payments' view of partner-bank (reached through the sidecar's egress). One call per attempt:
 * the order carries an Idempotency-Key, so the sidecar may retry it and partner-bank pays it
 * once. `unavailable` covers a refusal by the sidecar (breaker open, bulkhead full), a
 * timeout, an unreachable host and 5xx/408/429: the transfer is then held, never refunded,
 * because partner-bank may still accept it.
 */
export type PartnerAnswer =
  | { kind: 'accepted'; partnerTransferId: string }
  | { kind: 'refused'; error: string }
  | {
      kind: 'unavailable';
      reason: 'partner_bank_breaker_open' | 'partner_bank_unavailable';
      detail: string;
    };

/** partner-bank's answer to a reversal: done (whether an accepted order was undone), or not. */
export type ReversalAnswer =
  | { kind: 'reversed'; reversed: boolean }
  | { kind: 'refused'; error: string }
  | Extract<PartnerAnswer, { kind: 'unavailable' }>;

export interface PartnerPort {
  send(order: {
    idempotencyKey: string;
    payee: ExternalPayee;
    amountCents: number;
    currency: string;
  }): Promise<PartnerAnswer>;
  /**
   * Reverses the order sent with `orderKey` (idempotent): an accepted order is undone, and an
   * order partner-bank never received is refused if it arrives later.
   */
  reverse(orderKey: string): Promise<ReversalAnswer>;
}

export const MESH_REJECTED_HEADER = 'x-mesh-rejected';

export function httpPartnerPort(partnerBank: ServiceClient): PartnerPort {
  return {
    send: async (order) => {
      try {
        const response = await partnerBank.call<Record<string, unknown>>('POST', '/transfers', {
          headers: { 'idempotency-key': order.idempotencyKey },
          body: { payee: order.payee, amountCents: order.amountCents, currency: order.currency },
        });
        return classify(response.status, response.headers[MESH_REJECTED_HEADER], response.body);
      } catch (error) {
        if (error instanceof UpstreamError) {
          return { kind: 'unavailable', reason: 'partner_bank_unavailable', detail: error.reason };
        }
        throw error;
      }
    },
    reverse: async (orderKey) => {
      try {
        const response = await partnerBank.call<Record<string, unknown>>(
          'POST',
          '/transfers/:id/reversal',
          { params: { id: orderKey }, headers: { 'idempotency-key': `${orderKey}:reversal` } },
        );
        const answer = classify(
          response.status,
          response.headers[MESH_REJECTED_HEADER],
          response.body,
        );
        if (answer.kind === 'accepted') {
          return { kind: 'reversed', reversed: response.body?.reversed === true };
        }
        return answer;
      } catch (error) {
        if (error instanceof UpstreamError) {
          return { kind: 'unavailable', reason: 'partner_bank_unavailable', detail: error.reason };
        }
        throw error;
      }
    },
  };
}

/** Pure: what a partner-bank answer means for the transfer. */
export function classify(
  status: number,
  meshRejected: string | string[] | undefined,
  body: Record<string, unknown> | null,
): PartnerAnswer {
  if (status >= 200 && status < 300) {
    return { kind: 'accepted', partnerTransferId: String(body?.id ?? '') };
  }
  if (meshRejected === 'breaker-open') {
    return { kind: 'unavailable', reason: 'partner_bank_breaker_open', detail: 'breaker-open' };
  }
  if (status >= 500 || status === 408 || status === 429 || meshRejected !== undefined) {
    return {
      kind: 'unavailable',
      reason: 'partner_bank_unavailable',
      detail: typeof meshRejected === 'string' ? meshRejected : `http_${status}`,
    };
  }
  const error = body?.error;
  return { kind: 'refused', error: typeof error === 'string' ? error : `http_${status}` };
}

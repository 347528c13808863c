import { type Dispatcher, request } from 'undici';
import type { TrafficAction } from './scenarios';

/**
 * Sends one planned action to the gateway over plain HTTP, authenticated as one customer
 * (`authorization` is `Bearer <token>`). The generator plays the external user, so it sends
 * no traceparent: the gateway's server span is each trace's root.
 */
export interface ActionResult {
  status: number;
  /** Id of the account an openAccount action created. */
  openedAccountId?: string;
}

export async function sendAction(
  gatewayUrl: string,
  action: TrafficAction,
  dispatcher: Dispatcher,
  signal: AbortSignal,
  authorization: string,
  customerId: string,
): Promise<ActionResult> {
  const { method, path, body } = toRequest(action, customerId);
  const response = await request(new URL(path, gatewayUrl), {
    method,
    dispatcher,
    signal,
    headers: body ? { 'content-type': 'application/json', authorization } : { authorization },
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = (await response.body.json().catch(() => null)) as { id?: unknown } | null;
  const result: ActionResult = { status: response.statusCode };
  if (action.scenario === 'openAccount' && response.statusCode === 201) {
    if (typeof payload?.id === 'string') result.openedAccountId = payload.id;
  }
  return result;
}

/** The gateway request of an action made by `customerId` (the owner of the account it uses). */
export function toRequest(
  action: TrafficAction,
  customerId: string,
): {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
} {
  switch (action.scenario) {
    case 'openAccount':
      return { method: 'POST', path: '/v1/accounts', body: { owner: action.owner } };
    case 'deposit':
      return {
        method: 'POST',
        path: `/v1/accounts/${encodeURIComponent(action.accountId)}/deposits`,
        body: { amountCents: action.amountCents },
      };
    case 'readBalance':
      return { method: 'GET', path: `/v1/accounts/${encodeURIComponent(action.accountId)}` };
    case 'readOverview':
      return { method: 'GET', path: `${customerPath(customerId)}/overview` };
    case 'kyc':
      return {
        method: 'POST',
        path: `${customerPath(customerId)}/kyc`,
        body: { name: action.name, document: action.document },
      };
    case 'externalTransfer':
      return {
        method: 'POST',
        path: '/v1/transfers',
        body: {
          fromAccountId: action.from,
          toExternal: action.payee,
          amountCents: action.amountCents,
        },
      };
    case 'loanApplication':
      return {
        method: 'POST',
        path: '/v1/loans',
        body: {
          customerId,
          accountId: action.accountId,
          amountCents: action.amountCents,
          termMonths: action.termMonths,
        },
      };
    case 'fundPurchase':
      return {
        method: 'POST',
        path: '/v1/orders',
        body: {
          customerId,
          accountId: action.accountId,
          fundId: action.fundId,
          amountCents: action.amountCents,
        },
      };
    case 'transfer':
    case 'overdraft':
      return {
        method: 'POST',
        path: '/v1/transfers',
        body: {
          fromAccountId: action.from,
          toAccountId: action.to,
          amountCents: action.amountCents,
        },
      };
  }
}

function customerPath(customerId: string): string {
  return `/v1/customers/${encodeURIComponent(customerId)}`;
}

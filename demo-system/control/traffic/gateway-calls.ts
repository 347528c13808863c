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
): Promise<ActionResult> {
  const { method, path, body } = toRequest(action);
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

function toRequest(action: TrafficAction): {
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

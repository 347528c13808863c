import {
  callOrUnknown,
  type ServiceClient,
  type Unknown,
  UpstreamError,
  unknownAnswer,
} from './http-client';

/**
 * Any service's view of the accounts ledger, over HTTP (payments, lending and wealth). Every call carries an
 * idempotency reference (also sent as the `Idempotency-Key` header, so the sidecar retries it
 * too), so a call whose outcome is unknown (timeout, 5xx) is safely retried.
 */
export type LedgerAnswer =
  | { kind: 'applied'; currency: string; balanceCents: number }
  | { kind: 'rejected'; httpStatus: number; error: string }
  | { kind: 'unknown'; reason: string };

export interface LedgerEntryCall {
  accountId: string;
  amountCents: number;
  reference: string;
  currency?: string;
}

export interface LedgerPort {
  debit(call: LedgerEntryCall): Promise<LedgerAnswer>;
  credit(call: LedgerEntryCall): Promise<LedgerAnswer>;
}

const ATTEMPTS = 3;

export function httpLedgerPort(accounts: ServiceClient): LedgerPort {
  const post = async (route: string, call: LedgerEntryCall): Promise<LedgerAnswer> => {
    let last: LedgerAnswer = { kind: 'unknown', reason: 'not attempted' };
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      last = await postOnce(accounts, route, call);
      if (last.kind !== 'unknown') return last;
    }
    return last;
  };
  return {
    debit: (call) => post('/accounts/:id/debits', call),
    credit: (call) => post('/accounts/:id/credits', call),
  };
}

async function postOnce(
  accounts: ServiceClient,
  route: string,
  call: LedgerEntryCall,
): Promise<LedgerAnswer> {
  try {
    const response = await accounts.call<Record<string, unknown>>('POST', route, {
      params: { id: call.accountId },
      // The reference doubles as the Idempotency-Key: the sidecar may then retry the call.
      headers: { 'idempotency-key': call.reference },
      body: { amountCents: call.amountCents, reference: call.reference, currency: call.currency },
    });
    const body = response.body ?? {};
    if (response.status >= 200 && response.status < 300) {
      return {
        kind: 'applied',
        currency: String(body.currency),
        balanceCents: Number(body.balanceCents),
      };
    }
    if (response.status >= 500)
      return { kind: 'unknown', reason: `accounts answered ${response.status}` };
    return {
      kind: 'rejected',
      httpStatus: response.status,
      error: typeof body.error === 'string' ? body.error : `http_${response.status}`,
    };
  } catch (error) {
    if (error instanceof UpstreamError) return { kind: 'unknown', reason: error.message };
    throw error;
  }
}

export interface AccountView {
  id: string;
  customerId?: string;
  currency: string;
}

export type AccountLookup =
  | { kind: 'found'; account: AccountView }
  | { kind: 'not_found' }
  | Unknown;

/** accounts `GET /accounts/:id`: found, not found, or unknown (a read model may lag). */
export function httpAccountLookup(
  accounts: ServiceClient,
): (accountId: string) => Promise<AccountLookup> {
  return async (accountId) => {
    const response = await callOrUnknown(() =>
      accounts.call<Record<string, unknown>>('GET', '/accounts/:id', {
        params: { id: accountId },
      }),
    );
    if ('kind' in response) return response;
    if (response.status === 404) return { kind: 'not_found' };
    if (response.status !== 200) return unknownAnswer(`accounts answered ${response.status}`);
    const body = response.body ?? {};
    return {
      kind: 'found',
      account: {
        id: String(body.id),
        ...(typeof body.customerId === 'string' ? { customerId: body.customerId } : {}),
        currency: String(body.currency),
      },
    };
  };
}

import { type ServiceClient, UpstreamError } from '../../platform/http-client';
import type { KycView } from './loan';

/**
 * Lending's view of accounts and kyc over HTTP, for the decision only (the disbursement goes
 * over the bus: loan-saga.ts). An answer is definite (found, not found) or `unknown`
 * (unreachable, timeout, 5xx, or a sidecar refusal).
 */
export interface AccountView {
  id: string;
  customerId?: string;
  currency: string;
}

export type Unknown = { kind: 'unknown'; reason: string };

export type AccountLookup =
  | { kind: 'found'; account: AccountView }
  | { kind: 'not_found' }
  | Unknown;

export interface AccountsPort {
  find(accountId: string): Promise<AccountLookup>;
}

export interface KycPort {
  status(customerId: string): Promise<{ kind: 'known'; status: KycView } | Unknown>;
}

export function httpAccountsPort(accounts: ServiceClient): AccountsPort {
  return {
    find: async (accountId) => {
      const response = await safely(() =>
        accounts.call<Record<string, unknown>>('GET', '/accounts/:id', {
          params: { id: accountId },
        }),
      );
      if ('kind' in response) return response;
      if (response.status === 404) return { kind: 'not_found' };
      if (response.status !== 200) return unknown(`accounts answered ${response.status}`);
      const body = response.body ?? {};
      return {
        kind: 'found',
        account: {
          id: String(body.id),
          ...(typeof body.customerId === 'string' ? { customerId: body.customerId } : {}),
          currency: String(body.currency),
        },
      };
    },
  };
}

export function httpKycPort(kyc: ServiceClient): KycPort {
  return {
    status: async (customerId) => {
      const response = await safely(() =>
        kyc.call<Record<string, unknown>>('GET', '/customers/:customerId/kyc', {
          params: { customerId },
        }),
      );
      if ('kind' in response) return response;
      if (response.status === 404) return { kind: 'known', status: 'missing' };
      const status = response.body?.status;
      if (response.status !== 200) return unknown(`kyc answered ${response.status}`);
      if (status === 'approved' || status === 'pending' || status === 'rejected') {
        return { kind: 'known', status };
      }
      return unknown('kyc answered an unknown status');
    },
  };
}

function unknown(reason: string): Unknown {
  return { kind: 'unknown', reason };
}

async function safely<T>(call: () => Promise<T>): Promise<T | Unknown> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UpstreamError) return unknown(error.message);
    throw error;
  }
}

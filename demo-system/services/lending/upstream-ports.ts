import {
  callOrUnknown,
  type ServiceClient,
  type Unknown,
  unknownAnswer,
} from '../../platform/http-client';
import { type AccountLookup, httpAccountLookup } from '../../platform/ledger-client';
import type { KycView } from './loan';

export type { Unknown } from '../../platform/http-client';
/**
 * Lending's view of accounts and kyc over HTTP, for the decision only (the disbursement goes
 * over the bus: loan-saga.ts). An answer is definite (found, not found) or `unknown`
 * (unreachable, timeout, 5xx, or a sidecar refusal).
 */
export type { AccountLookup, AccountView } from '../../platform/ledger-client';

export interface AccountsPort {
  find(accountId: string): Promise<AccountLookup>;
}

export interface KycPort {
  status(customerId: string): Promise<{ kind: 'known'; status: KycView } | Unknown>;
}

export function httpAccountsPort(accounts: ServiceClient): AccountsPort {
  return {
    find: httpAccountLookup(accounts),
  };
}

export function httpKycPort(kyc: ServiceClient): KycPort {
  return {
    status: async (customerId) => {
      const response = await callOrUnknown(() =>
        kyc.call<Record<string, unknown>>('GET', '/customers/:customerId/kyc', {
          params: { customerId },
        }),
      );
      if ('kind' in response) return response;
      if (response.status === 404) return { kind: 'known', status: 'missing' };
      const status = response.body?.status;
      if (response.status !== 200) return unknownAnswer(`kyc answered ${response.status}`);
      if (status === 'approved' || status === 'pending' || status === 'rejected') {
        return { kind: 'known', status };
      }
      return unknownAnswer('kyc answered an unknown status');
    },
  };
}

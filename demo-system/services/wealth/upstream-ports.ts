import { callOrUnknown, type ServiceClient, type Unknown } from '../../platform/http-client';
import {
  type AccountLookup,
  httpAccountLookup,
  httpLedgerPort,
} from '../../platform/ledger-client';
import type { FeedAnswer } from './price-cache';

export type { Unknown } from '../../platform/http-client';
/**
 * Wealth's view of accounts and of partner-bank's market feed over HTTP. Debits carry their
 * reference as the Idempotency-Key, so the sidecar and this port may repeat them.
 */
export type { AccountLookup } from '../../platform/ledger-client';

export type DebitAnswer = { kind: 'applied' } | { kind: 'rejected'; error: string } | Unknown;

export interface AccountsPort {
  find(accountId: string): Promise<AccountLookup>;
  debit(call: {
    accountId: string;
    amountCents: number;
    reference: string;
    currency: string;
  }): Promise<DebitAnswer>;
}

export function httpAccountsPort(accounts: ServiceClient): AccountsPort {
  const ledger = httpLedgerPort(accounts);
  return {
    find: httpAccountLookup(accounts),
    // The shared ledger client: keyed, retried while the outcome is unknown.
    debit: (call) => ledger.debit(call),
  };
}

/** partner-bank `GET /market-data/prices`; any failure (incl. a sidecar refusal) is a reason. */
export function httpMarketFeed(partnerBank: ServiceClient, timeoutMs: number) {
  return async (): Promise<FeedAnswer> => {
    const response = await callOrUnknown(() =>
      partnerBank.call<{ prices?: unknown }>('GET', '/market-data/prices', { timeoutMs }),
    );
    if ('kind' in response) return { ok: false, reason: response.reason };
    if (response.status !== 200) {
      const rejected = response.headers['x-mesh-rejected'];
      return {
        ok: false,
        reason:
          typeof rejected === 'string' ? rejected : `partner-bank answered ${response.status}`,
      };
    }
    const prices = response.body?.prices;
    if (!Array.isArray(prices) || !prices.every(isPrice)) return { ok: false, reason: 'bad_body' };
    return {
      ok: true,
      prices: prices
        .map(({ fundId, name, currency, navCents }) => ({ fundId, name, currency, navCents }))
        .sort((a, b) => (a.fundId < b.fundId ? -1 : a.fundId > b.fundId ? 1 : 0)),
    };
  };
}

function isPrice(
  value: unknown,
): value is { fundId: string; name: string; currency: string; navCents: number } {
  const v = value as Record<string, unknown>;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.fundId === 'string' &&
    typeof v.name === 'string' &&
    typeof v.currency === 'string' &&
    typeof v.navCents === 'number' &&
    Number.isInteger(v.navCents) &&
    v.navCents > 0
  );
}

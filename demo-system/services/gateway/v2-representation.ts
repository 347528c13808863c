import { z } from 'zod';
import { parseOr400 } from '../../platform/http-errors';

/**
 * What makes /v2 differ from /v1, as pure functions:
 * - money is an object `{ amount: "12.34", currency: "EUR" }` instead of integer cents: every
 *   field `<name>Cents` becomes `<name>` (the currency comes from the nearest `currency` field
 *   of the same or an enclosing object, else the bank's currency);
 * - transfers name their accounts `from` and `to` instead of `fromAccountId` / `toAccountId`;
 * - successful answers are envelopes `{ data, links }`; errors are the same as in /v1.
 * Requests take amounts as decimal strings (`"amount": "25.00"`, in the account's currency).
 */

export interface Money {
  amount: string;
  currency: string;
}

/** The bank's currency where a resource carries none (transfers today). */
export const BANK_CURRENCY = 'EUR';

const MAX_AMOUNT_CENTS = 1_000_000_000_000;
const RENAMED: Readonly<Record<string, string>> = { fromAccountId: 'from', toAccountId: 'to' };

export function centsToAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.34" → 1234; undefined unless a positive amount with at most two decimals. */
export function amountToCents(amount: string): number | undefined {
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) return undefined;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents > 0 && cents <= MAX_AMOUNT_CENTS ? cents : undefined;
}

/** Rewrites a /v1 representation (any JSON) into its /v2 field shapes. */
export function toV2Fields(value: unknown, currency: string = BANK_CURRENCY): unknown {
  if (Array.isArray(value)) return value.map((item) => toV2Fields(item, currency));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const own = typeof source.currency === 'string' ? source.currency : currency;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(source)) {
    const money = /^(.+)Cents$/.exec(key);
    if (money && typeof field === 'number' && Number.isInteger(field)) {
      out[money[1]!] = { amount: centsToAmount(field), currency: own } satisfies Money;
    } else {
      out[RENAMED[key] ?? key] = toV2Fields(field, own);
    }
  }
  return out;
}

export type Links = Record<string, string>;

/** A /v2 answer: errors (`{ error }`) pass unchanged, anything else goes in an envelope. */
export function toV2Envelope(body: unknown, links: (data: unknown) => Links): unknown {
  if (isError(body)) return body;
  const data = toV2Fields(body);
  return { data, links: links(data) };
}

function isError(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'error' in body;
}

const amount = z
  .string()
  .refine((value) => amountToCents(value) !== undefined, {
    message: 'must be a positive decimal string with at most two decimals, e.g. "25.00"',
  })
  .transform((value) => amountToCents(value)!);
const accountId = z.string().trim().min(1).max(100);

const v2Deposit = z.object({ amount, reference: z.string().optional() });
const v2Transfer = z.object({ from: accountId, to: accountId, amount });

/** `POST /v2/accounts/:id/deposits` body → the accounts service's deposit body. */
export function depositFromV2(body: unknown): unknown {
  const { amount: amountCents, reference } = parseOr400(v2Deposit, body);
  return { amountCents, ...(reference !== undefined ? { reference } : {}) };
}

/** `POST /v2/transfers` body → the payments service's transfer body. */
export function transferFromV2(body: unknown): unknown {
  const { from, to, amount: amountCents } = parseOr400(v2Transfer, body);
  return { fromAccountId: from, toAccountId: to, amountCents };
}

/** Links of a resource with an `id`, under `collection` (e.g. `/v2/accounts`). */
export function resourceLinks(collection: string, extra: readonly string[] = []) {
  return (data: unknown): Links => {
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return {};
    const self = `${collection}/${encodeURIComponent(id)}`;
    return Object.fromEntries([['self', self], ...extra.map((rel) => [rel, `${self}/${rel}`])]);
  };
}

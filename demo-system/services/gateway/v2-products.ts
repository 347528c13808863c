import { z } from 'zod';
import { parseOr400 } from '../../platform/http-errors';
import { amountToCents, transferFromV2 } from './v2-representation';

/**
 * /v2 request bodies of the lending, wealth and external-transfer routes: amounts are decimal
 * strings (`"amount": "250.00"`) as everywhere in /v2; the upstream services take cents.
 */
const amount = z
  .string()
  .refine((value) => amountToCents(value) !== undefined, {
    message: 'must be a positive decimal string with at most two decimals, e.g. "25.00"',
  })
  .transform((value) => amountToCents(value)!);
const id = z.string().trim().min(1).max(100);

const v2Loan = z.object({
  customerId: id,
  accountId: id,
  amount,
  termMonths: z.number().int(),
});
const v2Order = z.object({ customerId: id, accountId: id, fundId: id, amount });
const v2External = z.object({
  from: id,
  toExternal: z.object({ iban: z.string(), name: z.string() }),
  amount,
});

/** `POST /v2/loans` body → lending's `{ customerId, accountId, amountCents, termMonths }`. */
export function loanFromV2(body: unknown): unknown {
  const { amount: amountCents, ...rest } = parseOr400(v2Loan, body);
  return { ...rest, amountCents };
}

/** `POST /v2/orders` body → wealth's `{ customerId, accountId, fundId, amountCents }`. */
export function orderFromV2(body: unknown): unknown {
  const { amount: amountCents, ...rest } = parseOr400(v2Order, body);
  return { ...rest, amountCents };
}

/** `POST /v2/transfers`: `{ from, to, amount }`, or `{ from, toExternal, amount }` to a payee. */
export function anyTransferFromV2(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'toExternal' in body) {
    const { from, toExternal, amount: amountCents } = parseOr400(v2External, body);
    return { fromAccountId: from, toExternal, amountCents };
  }
  return transferFromV2(body);
}

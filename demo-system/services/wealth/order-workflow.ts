import { randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import { HttpError } from '../../platform/http-errors';
import { withSpan } from '../../platform/with-span';
import { unitsFor } from './holdings';
import type { Order, OrdersRepository } from './orders-repository';
import type { PriceCache } from './price-cache';
import type { AccountsPort } from './upstream-ports';

/**
 * A fund purchase: price it, record it pending, debit the account once (reference
 * `order:<id>:debit`), then add the units to the holding. A debit whose outcome stays unknown
 * leaves the order pending; the sweeper asks the ledger again with the same reference, which
 * answers the recorded outcome, so the order settles exactly once either way.
 */
export interface OrderInput {
  customerId: string;
  accountId: string;
  fundId: string;
  amountCents: number;
}

export interface OrderWorkflowDeps {
  tracer: Tracer;
  orders: OrdersRepository;
  prices: PriceCache;
  accounts: AccountsPort;
  /** Orders are refused rather than priced with prices older than this (default 60 s). */
  maxPriceAgeMs?: number;
}

export const orderDebitReference = (orderId: string) => `order:${orderId}:debit`;

export class OrderWorkflow {
  constructor(private readonly deps: OrderWorkflowDeps) {}

  async place(input: OrderInput): Promise<Order> {
    const { prices, accounts, orders } = this.deps;
    const view = await prices.current();
    if (!view) throw new HttpError(503, 'prices_unavailable', { message: 'no fund prices yet' });
    const price = view.prices.find((p) => p.fundId === input.fundId);
    if (!price) throw new HttpError(404, 'fund_not_found', { fundId: input.fundId });
    const maxAge = this.deps.maxPriceAgeMs ?? 60_000;
    if (view.ageMs > maxAge) {
      throw new HttpError(503, 'prices_stale', {
        message: `the last price is ${Math.round(view.ageMs / 1000)} s old; orders need one under ${maxAge / 1000} s`,
        ageMs: view.ageMs,
      });
    }
    const lookup = await accounts.find(input.accountId);
    if (lookup.kind === 'unknown') {
      throw new HttpError(503, 'accounts_unavailable', { message: lookup.reason });
    }
    if (lookup.kind === 'not_found') {
      throw new HttpError(422, 'account_not_found', { accountId: input.accountId });
    }
    const owner = lookup.account.customerId;
    if (owner !== undefined && owner !== input.customerId) {
      throw new HttpError(403, 'account_not_owned', { message: 'pay from your own account' });
    }
    const order: Order = {
      id: `ord_${randomUUID()}`,
      ...input,
      currency: price.currency,
      navCents: price.navCents,
      unitsMicro: unitsFor(input.amountCents, price.navCents),
      status: 'pending',
      createdAt: new Date().toISOString(),
    };
    await orders.insert(order);
    return this.settle(order);
  }

  /** Debits (again, idempotently) a pending order and records the outcome. */
  async settle(order: Order): Promise<Order> {
    if (order.status !== 'pending') return order;
    const { accounts, orders, tracer } = this.deps;
    const answer = await withSpan(
      tracer,
      'order.debit',
      {
        [sagaAttributes.name]: 'fund_order',
        [sagaAttributes.id]: order.id,
        [sagaAttributes.step]: 'debit',
        [sagaAttributes.stepKind]: 'action',
      },
      async (span) => {
        const result = await accounts.debit({
          accountId: order.accountId,
          amountCents: order.amountCents,
          reference: orderDebitReference(order.id),
          currency: order.currency,
        });
        span.setAttribute('saga.step.outcome', result.kind);
        return result;
      },
    );
    if (answer.kind === 'applied') return (await orders.complete(order.id)) ?? order;
    if (answer.kind === 'rejected') return (await orders.reject(order.id, answer.error)) ?? order;
    await orders.touch(order.id, 'debit_unconfirmed');
    return { ...order, reason: 'debit_unconfirmed' };
  }

  async sweep(olderThanMs: number): Promise<number> {
    const pending = await this.deps.orders.pending(olderThanMs, 20);
    for (const order of pending) await this.settle(order);
    return pending.length;
  }
}

import { z } from 'zod';
import type { Database } from '../../platform/db';
import { createServiceClient } from '../../platform/http-client';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { startSweeper } from '../../platform/sweeper';
import { telemetryFor } from '../../platform/telemetry';
import { valuePortfolio } from './holdings';
import { wealthSchema } from './migrations';
import { OrderWorkflow } from './order-workflow';
import { type Order, OrdersRepository } from './orders-repository';
import { PriceCache } from './price-cache';
import { PricesRepository } from './prices-repository';
import { httpAccountsPort, httpMarketFeed } from './upstream-ports';

export const WEALTH_SERVICE = 'wealth';

const customerId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a customer id');
const orderBody = z.object({
  customerId,
  accountId: z.string().trim().min(1).max(100),
  fundId: z.string().trim().min(1).max(100),
  amountCents: z.number().int().min(100).max(1_000_000_000),
});
const idParams = z.object({ id: z.string().min(1).max(100) });
const customerParams = z.object({ customerId });

export interface WealthServiceOptions extends ServiceStartOptions {
  database: Database;
  /** Base URL of accounts (order debits, account ownership). */
  accountsUrl: string;
  /** Base URL of partner-bank, whose market-data feed prices the funds. */
  partnerBankUrl: string;
  /** Prices younger than this are served without asking the feed (default 2000 ms). */
  priceFreshMs?: number;
  /** Time allowed to the feed per call (default 800 ms); slower counts as down. */
  feedTimeoutMs?: number;
  /** After a feed failure, stale prices are served this long before asking again (2000 ms). */
  feedRetryAfterMs?: number;
  /** Orders are refused with prices older than this (default 60 000 ms). */
  maxOrderPriceAgeMs?: number;
  /** How often unconfirmed order debits are retried (default 5000 ms; 0 = never). */
  sweepIntervalMs?: number;
}

/**
 * Starts the wealth service (mutual funds): fund prices from partner-bank's feed with a
 * stale-cache fallback, purchases debited from the customer's account, and portfolios.
 */
export async function startWealthService(options: WealthServiceOptions): Promise<RunningService> {
  const db = await options.database.openSchema(wealthSchema);
  const orders = new OrdersRepository(db);
  const { telemetry, release } = telemetryFor(options, WEALTH_SERVICE);
  const { tracer } = telemetry;
  const accountsClient = createServiceClient({
    tracer,
    peerService: 'accounts',
    baseUrl: options.accountsUrl,
  });
  const partnerBank = createServiceClient({
    tracer,
    peerService: 'partner-bank',
    baseUrl: options.partnerBankUrl,
  });
  const prices = new PriceCache({
    fetchFeed: httpMarketFeed(partnerBank, options.feedTimeoutMs ?? 800),
    store: new PricesRepository(db),
    ...(options.priceFreshMs !== undefined ? { freshMs: options.priceFreshMs } : {}),
    ...(options.feedRetryAfterMs !== undefined
      ? { retryAfterFailureMs: options.feedRetryAfterMs }
      : {}),
    onFeedChange: ({ ok, reason }) =>
      console.warn(
        ok
          ? 'wealth: market feed is back; serving fresh prices'
          : `wealth: market feed unavailable (${reason}); serving cached prices marked stale`,
      ),
  });
  const workflow = new OrderWorkflow({
    tracer,
    orders,
    prices,
    accounts: httpAccountsPort(accountsClient),
    ...(options.maxOrderPriceAgeMs !== undefined
      ? { maxPriceAgeMs: options.maxOrderPriceAgeMs }
      : {}),
  });
  const sweepIntervalMs = options.sweepIntervalMs ?? 5_000;
  const sweeper = startSweeper(WEALTH_SERVICE, sweepIntervalMs, () =>
    workflow.sweep(sweepIntervalMs),
  );
  const app = createServiceApp({ serviceName: WEALTH_SERVICE, tracer, logger: telemetry.logger });

  const callerOf = (headers: Record<string, unknown>) => {
    const caller = headers['x-customer-id'];
    return typeof caller === 'string' ? caller : undefined;
  };
  const markStaleness = (
    span: { setAttribute(k: string, v: boolean | number): unknown } | null,
    stale: boolean,
    ageMs: number,
  ) => {
    span?.setAttribute('wealth.prices.stale', stale);
    span?.setAttribute('wealth.prices.age_ms', ageMs);
  };

  app.get('/funds', async (request) => {
    const view = await prices.current();
    if (!view) {
      throw new HttpError(503, 'prices_unavailable', {
        message: 'the market feed is unavailable and no prices were ever read',
      });
    }
    markStaleness(request.serverSpan, view.stale, view.ageMs);
    return { funds: view.prices, stale: view.stale, ageMs: view.ageMs, asOf: view.asOf };
  });

  app.post('/orders', async (request, reply) => {
    const body = parseOr400(orderBody, request.body);
    const caller = callerOf(request.headers);
    if (caller !== undefined && caller !== body.customerId) {
      throw new HttpError(403, 'forbidden', { message: 'buy funds in your own name' });
    }
    const order = await workflow.place(body);
    reply.code(statusOf(order));
    return order;
  });

  app.get('/orders/:id', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    const order = await orders.find(id);
    const caller = callerOf(request.headers);
    if (!order || (caller !== undefined && caller !== order.customerId)) {
      throw new HttpError(404, 'order_not_found', { orderId: id });
    }
    return order;
  });

  app.get('/customers/:customerId/portfolio', async (request) => {
    const params = parseOr400(customerParams, request.params);
    const caller = callerOf(request.headers);
    if (caller !== undefined && caller !== params.customerId) {
      throw new HttpError(403, 'forbidden', { message: "a customer's portfolio is theirs" });
    }
    const [holdings, view] = await Promise.all([
      orders.holdings(params.customerId),
      prices.current(),
    ]);
    if (view) markStaleness(request.serverSpan, view.stale, view.ageMs);
    return valuePortfolio(params.customerId, holdings, view);
  });

  const bound = await listen(app, options.host, options.port);
  return {
    name: WEALTH_SERVICE,
    ...bound,
    close: async () => {
      await app.close();
      await sweeper.stop();
      await Promise.all([accountsClient.close(), partnerBank.close()]);
      await release();
    },
  };
}

function statusOf(order: Order): number {
  if (order.status === 'completed') return 201;
  if (order.status === 'pending') return 202;
  return order.reason === 'insufficient_funds' ? 409 : 422;
}

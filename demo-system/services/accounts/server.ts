import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idempotencyAttributes } from '../../../collectors/contracts/conventions';
import type { EventBus } from '../../platform/bus/event-bus';
import type { Database } from '../../platform/db';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import { type EventConsumer, startOutboxRelay } from '../../platform/outbox';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { telemetryFor } from '../../platform/telemetry';
import { withSpan } from '../../platform/with-span';
import { readAudit } from './audit';
import { ConcurrencyError, headPosition } from './event-store';
import type { EntryKind, EntryOutcome } from './ledger';
import { startLoanDisbursement } from './loan-disbursement';
import { accountsSchema } from './migrations';
import { registerProjectionRoutes } from './projection-routes';
import { balancesProjection } from './projections/balances';
import { customerOverviewProjection } from './projections/customer-overview';
import { ProjectionRunner } from './projections/runner';
import { statementsProjection } from './projections/statements';
import { observeProjections, stateEventRecorder } from './projections/telemetry';
import { AccountsReadModels } from './read-models';
import { AccountsWriteSide } from './write-side';

export const ACCOUNTS_SERVICE = 'accounts';

/** Set by the gateway: the authenticated customer making the call. */
const CUSTOMER_HEADER = 'x-customer-id';

const MAX_AMOUNT_CENTS = 1_000_000_000_000;

const amountCents = z.number().int().positive().max(MAX_AMOUNT_CENTS);
const reference = z.string().trim().min(1).max(200);
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code, e.g. EUR');

const openAccountBody = z.object({
  owner: z.string().trim().min(1).max(100),
  currency: currency.default('EUR'),
});
const depositBody = z.object({ amountCents, reference: reference.optional() });
const transferEntryBody = z.object({ amountCents, reference, currency: currency.optional() });
const idParams = z.object({ id: z.string().min(1).max(100) });
const statementQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.coerce.number().int().min(1).optional(),
});
const customerParams = z.object({
  customerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a customer id'),
});

export interface AccountsServiceOptions extends ServiceStartOptions {
  /** The platform's database; the service opens (and migrates) its own schema in it. */
  database: Database;
  /** The platform's event bus: the outbox relay publishes to it, the loan consumer reads it. */
  bus: EventBus;
  /** Where the relay, the consumer and the projections report problems; console.warn. */
  log?: (line: string) => void;
  /** Projection runner tuning (tests). */
  projections?: { pollMs?: number; batchSize?: number; statusEveryMs?: number };
  /**
   * How long a read waits for a running projection to reach the event store's head seen when
   * the read arrived (read-your-writes in the common case); default 300 ms. 0 = never wait.
   */
  readWaitMs?: number;
}

/**
 * Starts the accounts service: owns accounts and balances (integer cents), event-sourced.
 * Commands (open, deposit, debit, credit) go to the write side (write-side.ts: event store +
 * reference index + outbox, one transaction); reads come from the read models the projections
 * build (read-models.ts), so they can lag (see there and README's accounts section).
 */
export async function startAccountsService(
  options: AccountsServiceOptions,
): Promise<RunningService> {
  // First, so a failing migration leaves nothing to clean up.
  const db = await options.database.openSchema(accountsSchema);
  const log = options.log ?? ((line: string) => console.warn(line));
  const { telemetry, release } = telemetryFor(options, ACCOUNTS_SERVICE);
  const { tracer } = telemetry;
  const service = ACCOUNTS_SERVICE;
  const relay = startOutboxRelay({ service, db, bus: options.bus, tracer, log });
  const runner = new ProjectionRunner({
    db,
    projections: [balancesProjection, statementsProjection, customerOverviewProjection],
    tracer,
    log,
    onStateEvent: stateEventRecorder(tracer),
    ...options.projections,
  });
  const writeSide = new AccountsWriteSide({
    db,
    source: service,
    newEntryId: () => `ent_${randomUUID()}`,
    onAppended: () => {
      runner.wake();
      relay.wake();
    },
  });
  const readModels = new AccountsReadModels(db);
  let stopGauges = () => {};
  let consumer: EventConsumer | undefined;
  try {
    await runner.start();
    stopGauges = observeProjections(telemetry.meter, runner);
    consumer = await startLoanDisbursement({
      service,
      db,
      bus: options.bus,
      tracer,
      logger: telemetry.logger,
      log,
      writeSide,
    });
  } catch (error) {
    await runner.stop();
    stopGauges();
    await relay.stop();
    await release();
    throw error;
  }
  const app = createServiceApp({ serviceName: ACCOUNTS_SERVICE, tracer, logger: telemetry.logger });
  const readWaitMs = options.readWaitMs ?? 300;

  /**
   * Waits (bounded) until `projection` applied everything appended before this read; returns
   * the head it waited for.
   */
  const catchUp = async (projection: string) => {
    const head = await headPosition(db);
    if (readWaitMs > 0) await runner.waitFor(projection, head, readWaitMs);
    return head;
  };
  const readAccount = async (id: string) => {
    const head = await catchUp('balances');
    const account = await readModels.findAccount(id);
    if (account) return account;
    const balances = runner.cachedStatus().find((status) => status.name === 'balances');
    const lagging = balances !== undefined && balances.position < head;
    throw new HttpError(404, 'account_not_found', {
      accountId: id,
      ...(lagging
        ? {
            hint: `read models may lag: the balances projection is ${balances.state} at position ${balances.position} of ${head}`,
          }
        : {}),
    });
  };
  const checkCaller = (request: FastifyRequest, customerId: string | undefined) => {
    const caller = header(request.headers[CUSTOMER_HEADER]);
    if (caller !== undefined && customerId !== undefined && caller !== customerId) {
      throw new HttpError(403, 'forbidden', { message: "a customer's accounts are theirs" });
    }
  };

  app.post('/accounts', async (request, reply) => {
    const body = parseOr400(openAccountBody, request.body);
    // The owner is whoever the gateway authenticated; direct (internal) calls may have none.
    const customerId = header(request.headers[CUSTOMER_HEADER]);
    const account = await writeSide.openAccount({
      id: `acc_${randomUUID()}`,
      owner: body.owner,
      ...(customerId
        ? { customerId: parseOr400(customerParams.shape.customerId, customerId) }
        : {}),
      currency: body.currency,
    });
    reply.code(201);
    return account;
  });

  app.get('/accounts/:id', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    return readAccount(id);
  });

  app.get('/accounts/:id/statement', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    const page = parseOr400(statementQuery, request.query);
    const account = await readAccount(id);
    checkCaller(request, account.customerId);
    await catchUp('statements');
    return readModels.statement(id, page);
  });

  app.get('/customers/:customerId/accounts', async (request) => {
    const { customerId } = parseOr400(customerParams, request.params);
    checkCaller(request, customerId);
    await catchUp('balances');
    return readModels.accountsOfCustomer(customerId);
  });

  app.get('/customers/:customerId/overview', async (request) => {
    const { customerId } = parseOr400(customerParams, request.params);
    checkCaller(request, customerId);
    await catchUp('customer_overview');
    return readModels.customerOverview(customerId);
  });

  app.get('/audit', () => readAudit(db));

  registerProjectionRoutes(app, runner);

  const postEntry = (kind: EntryKind) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseOr400(idParams, request.params);
    const body =
      kind === 'deposit'
        ? { ...parseOr400(depositBody, request.body), currency: undefined }
        : parseOr400(transferEntryBody, request.body);
    const entry = {
      accountId: id,
      kind,
      amountCents: body.amountCents,
      reference: body.reference ?? `deposit:${randomUUID()}`,
      currency: body.currency,
    };
    const result = await withSpan(
      tracer,
      'ledger.post_entry',
      {
        'ledger.entry.kind': kind,
        'ledger.account.id': id,
        [idempotencyAttributes.key]: entry.reference,
      },
      async (span) => {
        const posted = await writeSide.postEntry(entry).catch((error: unknown) => {
          if (!(error instanceof ConcurrencyError)) throw error;
          throw new HttpError(503, 'concurrency_conflict', {
            message: `account ${id} kept changing under the command; retry with the same reference`,
          });
        });
        if (posted.kind === 'recorded')
          span.setAttribute(idempotencyAttributes.duplicate, posted.replayed);
        return posted;
      },
    );
    if (result.kind === 'account_not_found') {
      throw new HttpError(404, 'account_not_found', { accountId: id });
    }
    if (result.kind === 'reference_conflict') {
      throw new HttpError(409, 'reference_conflict', {
        message: `reference ${entry.reference} was already used for a different request`,
      });
    }
    request.serverSpan?.setAttribute(idempotencyAttributes.duplicate, result.replayed);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    reply.code(statusOf(result.outcome));
    return bodyOf(result.outcome);
  };

  app.post('/accounts/:id/deposits', postEntry('deposit'));
  app.post('/accounts/:id/debits', postEntry('debit'));
  app.post('/accounts/:id/credits', postEntry('credit'));

  const bound = await listen(app, options.host, options.port);
  return {
    name: ACCOUNTS_SERVICE,
    ...bound,
    close: async () => {
      await consumer?.close();
      await runner.stop();
      stopGauges();
      await relay.stop();
      await app.close();
      await release();
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function statusOf(outcome: EntryOutcome): number {
  if (outcome.status === 'applied') return 201;
  return outcome.error === 'insufficient_funds' ? 409 : 422;
}

function bodyOf(outcome: EntryOutcome): Record<string, unknown> {
  const { status: _status, ...rest } = outcome;
  return rest;
}

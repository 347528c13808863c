import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idempotencyAttributes } from '../../../collectors/contracts/conventions';
import type { Database } from '../../platform/db';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { telemetryFor } from '../../platform/telemetry';
import { withSpan } from '../../platform/with-span';
import type { EntryKind, EntryOutcome } from './ledger';
import { accountsSchema } from './migrations';
import { SqlAccountsRepository } from './sql-repository';

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
const customerParams = z.object({
  customerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a customer id'),
});

export interface AccountsServiceOptions extends ServiceStartOptions {
  /** The platform's database; the service opens (and migrates) its own schema in it. */
  database: Database;
}

/** Starts the accounts service: owns accounts and balances (integer cents). */
export async function startAccountsService(
  options: AccountsServiceOptions,
): Promise<RunningService> {
  // First, so a failing migration leaves nothing to clean up.
  const repository = new SqlAccountsRepository(await options.database.openSchema(accountsSchema));
  const { telemetry, release } = telemetryFor(options, ACCOUNTS_SERVICE);
  const { tracer } = telemetry;
  const app = createServiceApp({ serviceName: ACCOUNTS_SERVICE, tracer });

  app.post('/accounts', async (request, reply) => {
    const body = parseOr400(openAccountBody, request.body);
    // The owner is whoever the gateway authenticated; direct (internal) calls may have none.
    const customerId = header(request.headers[CUSTOMER_HEADER]);
    const account = await repository.createAccount({
      id: `acc_${randomUUID()}`,
      owner: body.owner,
      ...(customerId
        ? { customerId: parseOr400(customerParams.shape.customerId, customerId) }
        : {}),
      currency: body.currency,
      balanceCents: 0,
    });
    reply.code(201);
    return account;
  });

  app.get('/accounts/:id', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    const account = await repository.findAccount(id);
    if (!account) throw new HttpError(404, 'account_not_found', { accountId: id });
    return account;
  });

  app.get('/customers/:customerId/accounts', async (request) => {
    const { customerId } = parseOr400(customerParams, request.params);
    const caller = header(request.headers[CUSTOMER_HEADER]);
    if (caller !== undefined && caller !== customerId) {
      throw new HttpError(403, 'forbidden', { message: "a customer's accounts are theirs" });
    }
    return repository.accountsOfCustomer(customerId);
  });

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
        const posted = await repository.postEntry(entry, () => `ent_${randomUUID()}`);
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

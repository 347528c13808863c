import { z } from 'zod';
import type { EventBus } from '../../platform/bus/event-bus';
import type { Database } from '../../platform/db';
import { createServiceClient } from '../../platform/http-client';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import { startEventConsumer, startOutboxRelay } from '../../platform/outbox';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { startSweeper } from '../../platform/sweeper';
import { telemetryFor } from '../../platform/telemetry';
import type { Loan } from './loan';
import { loanOutcomeHandlers } from './loan-saga';
import { LoanWorkflow } from './loan-workflow';
import { LoansRepository } from './loans-repository';
import { lendingSchema } from './migrations';
import { DEFAULT_DEADLINES, enforceDeadlines, type SagaDeadlines } from './saga-deadlines';
import { httpAccountsPort, httpKycPort } from './upstream-ports';

export const LENDING_SERVICE = 'lending';

const customerId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a customer id');
const loanBody = z.object({
  customerId,
  accountId: z.string().trim().min(1).max(100),
  amountCents: z.number().int().positive().max(1_000_000_000_000),
  termMonths: z.number().int().min(1).max(600),
});
const idParams = z.object({ id: z.string().min(1).max(100) });
const customerParams = z.object({ customerId });

export interface LendingServiceOptions extends ServiceStartOptions {
  database: Database;
  /** The event bus: `loan.approved` out, accounts' outcomes in. */
  bus: EventBus;
  /** Base URL of accounts (account ownership and currency, for the decision). */
  accountsUrl: string;
  /** Base URL of kyc (the applicant's identity check). */
  kycUrl: string;
  /** How often the saga's deadlines are checked (default 1000 ms; 0 = never). */
  sweepIntervalMs?: number;
  /** The saga's timeouts (saga-deadlines.ts). */
  deadlines?: Partial<SagaDeadlines>;
  /** Outbox relay poll interval (default 150 ms). */
  relayIntervalMs?: number;
  log?: (line: string) => void;
}

/**
 * Starts the lending service: decides loan applications (rules in loan.ts, KYC from kyc) and
 * runs the choreographed loan-disbursement saga over the bus (loan-saga.ts): accounts pays an
 * approved loan exactly once, or lending cancels it.
 */
export async function startLendingService(options: LendingServiceOptions): Promise<RunningService> {
  const db = await options.database.openSchema(lendingSchema);
  const loans = new LoansRepository(db);
  const { telemetry, release } = telemetryFor(options, LENDING_SERVICE);
  const { tracer } = telemetry;
  const log = options.log ?? ((line: string) => console.log(line));
  const { bus } = options;
  const relay = startOutboxRelay({
    service: LENDING_SERVICE,
    db,
    bus,
    tracer,
    log,
    ...(options.relayIntervalMs ? { intervalMs: options.relayIntervalMs } : {}),
  });
  const outcomes = await startEventConsumer({
    service: LENDING_SERVICE,
    db,
    bus,
    tracer,
    logger: telemetry.logger,
    log,
    groupId: 'lending.loan-outcomes',
    handlers: loanOutcomeHandlers({ tracer, loans, logger: telemetry.logger }),
  });
  const accountsClient = createServiceClient({
    tracer,
    peerService: 'accounts',
    baseUrl: options.accountsUrl,
  });
  const kycClient = createServiceClient({ tracer, peerService: 'kyc', baseUrl: options.kycUrl });
  const workflow = new LoanWorkflow({
    tracer,
    db,
    loans,
    accounts: httpAccountsPort(accountsClient),
    kyc: httpKycPort(kycClient),
    wake: () => relay.wake(),
  });
  const deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  const sweeper = startSweeper(LENDING_SERVICE, options.sweepIntervalMs ?? 1_000, () =>
    enforceDeadlines({
      tracer,
      db,
      loans,
      deadlines,
      wake: () => relay.wake(),
      logger: telemetry.logger,
    }),
  );
  const app = createServiceApp({ serviceName: LENDING_SERVICE, tracer, logger: telemetry.logger });

  const callerOf = (headers: Record<string, unknown>) => {
    const caller = headers['x-customer-id'];
    return typeof caller === 'string' ? caller : undefined;
  };
  /** A loan the caller may see: their own (a direct call without a caller sees any). */
  const visibleLoan = async (params: unknown, headers: Record<string, unknown>): Promise<Loan> => {
    const { id } = parseOr400(idParams, params);
    const loan = await loans.find(id);
    const caller = callerOf(headers);
    if (!loan || (caller !== undefined && caller !== loan.customerId)) {
      throw new HttpError(404, 'loan_not_found', { loanId: id });
    }
    return loan;
  };
  const replyFor = (loan: Loan) => (loan.status === 'approved' ? 202 : 201);

  app.post('/loans', async (request, reply) => {
    const body = parseOr400(loanBody, request.body);
    const caller = callerOf(request.headers);
    if (caller !== undefined && caller !== body.customerId) {
      throw new HttpError(403, 'forbidden', { message: 'apply for a loan in your own name' });
    }
    const loan = await workflow.apply(body);
    reply.code(replyFor(loan));
    return loan;
  });

  app.get('/loans/:id', async (request) => visibleLoan(request.params, request.headers));

  /** Internal: loans still in flight and the principal paid out (the money invariant). */
  app.get('/audit', async () => loans.audit());

  app.get('/customers/:customerId/loans', async (request) => {
    const params = parseOr400(customerParams, request.params);
    const caller = callerOf(request.headers);
    if (caller !== undefined && caller !== params.customerId) {
      throw new HttpError(403, 'forbidden', { message: "a customer's loans are theirs" });
    }
    const list = await loans.ofCustomer(params.customerId);
    const outstandingCents = list
      .filter((loan) => loan.status === 'disbursed')
      .reduce((sum, loan) => sum + loan.principalCents, 0);
    return { loans: list, outstandingCents };
  });

  const bound = await listen(app, options.host, options.port);
  return {
    name: LENDING_SERVICE,
    ...bound,
    close: async () => {
      await outcomes.close();
      await sweeper.stop();
      await relay.stop();
      await app.close();
      await Promise.all([accountsClient.close(), kycClient.close()]);
      await release();
    },
  };
}

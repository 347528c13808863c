import { z } from 'zod';
import type { Database } from '../../platform/db';
import { createServiceClient } from '../../platform/http-client';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { startSweeper } from '../../platform/sweeper';
import { telemetryFor } from '../../platform/telemetry';
import type { Loan } from './loan';
import { LoanWorkflow } from './loan-workflow';
import { LoansRepository } from './loans-repository';
import { lendingSchema } from './migrations';
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
  /** Base URL of accounts (disbursements, account ownership). */
  accountsUrl: string;
  /** Base URL of kyc (the applicant's identity check). */
  kycUrl: string;
  /** How often unconfirmed disbursements are retried (default 5000 ms; 0 = never). */
  sweepIntervalMs?: number;
}

/**
 * Starts the lending service: decides loan applications (rules in loan.ts, KYC from kyc) and
 * pays approved loans into the customer's account exactly once.
 */
export async function startLendingService(options: LendingServiceOptions): Promise<RunningService> {
  const loans = new LoansRepository(await options.database.openSchema(lendingSchema));
  const { telemetry, release } = telemetryFor(options, LENDING_SERVICE);
  const { tracer } = telemetry;
  const accountsClient = createServiceClient({
    tracer,
    peerService: 'accounts',
    baseUrl: options.accountsUrl,
  });
  const kycClient = createServiceClient({ tracer, peerService: 'kyc', baseUrl: options.kycUrl });
  const workflow = new LoanWorkflow({
    tracer,
    loans,
    accounts: httpAccountsPort(accountsClient),
    kyc: httpKycPort(kycClient),
  });
  const sweepIntervalMs = options.sweepIntervalMs ?? 5_000;
  const sweeper = startSweeper(LENDING_SERVICE, sweepIntervalMs, () =>
    workflow.sweep(sweepIntervalMs),
  );
  const app = createServiceApp({ serviceName: LENDING_SERVICE, tracer });

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

  /** Re-drives a disbursement (idempotent: the ledger pays a loan once). */
  app.post('/loans/:id/disbursement', async (request, reply) => {
    const loan = await workflow.disburse(await visibleLoan(request.params, request.headers));
    reply.code(loan.status === 'approved' ? 202 : 200);
    return loan;
  });

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
      await app.close();
      await sweeper.stop();
      await Promise.all([accountsClient.close(), kycClient.close()]);
      await release();
    },
  };
}

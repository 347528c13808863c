import { randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import type { ServiceDb } from '../../platform/db';
import { HttpError } from '../../platform/http-errors';
import { appendToOutbox } from '../../platform/outbox';
import { decideLoan, LOAN_RULES, type Loan, monthlyPaymentCents } from './loan';
import { approvedEvent, sagaStatus, sagaStep } from './loan-saga';
import type { LoansRepository } from './loans-repository';
import type { AccountsPort, KycPort } from './upstream-ports';

/**
 * The loan process: decide (rules + KYC status from kyc) and record. An approved loan starts
 * the loan-disbursement saga: the `loan.approved` event is appended to the outbox in the same
 * transaction as the loan row, and accounts pays it out asynchronously (loan-saga.ts). The
 * answer comes at once, with status `approved`; GET /loans/:id shows the progress.
 */
export interface LoanApplicationInput {
  customerId: string;
  accountId: string;
  amountCents: number;
  termMonths: number;
}

export interface LoanWorkflowDeps {
  tracer: Tracer;
  db: ServiceDb;
  loans: LoansRepository;
  accounts: AccountsPort;
  kyc: KycPort;
  /** Called after an approval committed: the outbox relay publishes it now. */
  wake: () => void;
  now?: () => Date;
}

export class LoanWorkflow {
  constructor(private readonly deps: LoanWorkflowDeps) {}

  /** Decides and records an application; an approved one starts the saga. Throws HttpError. */
  async apply(input: LoanApplicationInput): Promise<Loan> {
    const { accounts, kyc, loans } = this.deps;
    const lookup = await accounts.find(input.accountId);
    if (lookup.kind === 'unknown') throw unavailable('accounts', lookup.reason);
    if (lookup.kind === 'not_found') {
      throw new HttpError(422, 'account_not_found', { accountId: input.accountId });
    }
    const owner = lookup.account.customerId;
    if (owner !== undefined && owner !== input.customerId) {
      throw new HttpError(403, 'account_not_owned', {
        message: 'a loan is paid into one of the applicant’s own accounts',
      });
    }
    // Fail closed: never decide without a KYC answer.
    const status = await kyc.status(input.customerId);
    if (status.kind === 'unknown') throw unavailable('kyc', status.reason);

    const decision = decideLoan({
      amountCents: input.amountCents,
      termMonths: input.termMonths,
      kyc: status.status,
      outstandingCents: await loans.outstandingCents(input.customerId),
    });
    const loan: Loan = {
      id: `loan_${randomUUID()}`,
      customerId: input.customerId,
      accountId: input.accountId,
      principalCents: input.amountCents,
      termMonths: input.termMonths,
      currency: lookup.account.currency,
      aprBps: LOAN_RULES.aprBps,
      monthlyPaymentCents: monthlyPaymentCents(
        input.amountCents,
        LOAN_RULES.aprBps,
        input.termMonths,
      ),
      status: decision.approved ? 'approved' : 'rejected',
      ...(decision.approved ? {} : { reason: decision.reason }),
      createdAt: this.now().toISOString(),
    };
    if (loan.status !== 'approved') {
      await loans.insert(loan);
      return loan;
    }
    await sagaStep(this.deps.tracer, loan.id, 'approve', 'action', (span) => {
      span.setAttribute('loan.amount_cents', loan.principalCents);
      return this.deps.db.transaction(async (tx) => {
        await loans.insert(loan, tx);
        await appendToOutbox(tx, approvedEvent(loan));
      });
    });
    sagaStatus(this.deps.tracer, loan.id, 'running');
    this.deps.wake();
    return loan;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function unavailable(service: string, reason: string): HttpError {
  return new HttpError(503, `${service}_unavailable`, {
    message: `cannot decide now (${reason}); nothing was recorded, retry later`,
  });
}

import { randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import { HttpError } from '../../platform/http-errors';
import { withSpan } from '../../platform/with-span';
import {
  decideLoan,
  disbursementReference,
  LOAN_RULES,
  type Loan,
  monthlyPaymentCents,
} from './loan';
import type { LoansRepository } from './loans-repository';
import type { AccountsPort, KycPort } from './upstream-ports';

/**
 * The loan process, synchronous for now: decide (rules + KYC status from kyc), record, then
 * disburse by crediting the account once (reference `loan:<id>:disburse`). This is the seam
 * the choreographed saga over the event bus will replace: `apply` would record and publish,
 * and `disburse` would become the handler of the decision event.
 */
export interface LoanApplicationInput {
  customerId: string;
  accountId: string;
  amountCents: number;
  termMonths: number;
}

export interface LoanWorkflowDeps {
  tracer: Tracer;
  loans: LoansRepository;
  accounts: AccountsPort;
  kyc: KycPort;
  now?: () => Date;
}

export class LoanWorkflow {
  constructor(private readonly deps: LoanWorkflowDeps) {}

  /** Decides and records an application; disburses an approved one. Throws HttpError. */
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
    await loans.insert(loan);
    return loan.status === 'approved' ? this.disburse(loan) : loan;
  }

  /**
   * Credits an approved loan's account, as often as asked: the ledger applies the reference
   * once, so a repeat (a retry, the sweeper, a second request) never pays twice. A disbursed
   * loan is confirmed again the same way; rejected and cancelled loans are left alone.
   */
  async disburse(loan: Loan): Promise<Loan> {
    if (loan.status !== 'approved' && loan.status !== 'disbursed') return loan;
    const { accounts, loans, tracer } = this.deps;
    const answer = await withSpan(
      tracer,
      'loan.disburse',
      {
        [sagaAttributes.name]: 'loan',
        [sagaAttributes.id]: loan.id,
        [sagaAttributes.step]: 'disburse',
        [sagaAttributes.stepKind]: 'action',
      },
      async (span) => {
        const result = await accounts.credit({
          accountId: loan.accountId,
          amountCents: loan.principalCents,
          reference: disbursementReference(loan.id),
          currency: loan.currency,
        });
        span.setAttribute('saga.step.outcome', result.kind);
        return result;
      },
    );
    if (answer.kind === 'applied') {
      return (await loans.markDisbursed(loan.id, this.now().toISOString())) ?? loan;
    }
    if (answer.kind === 'rejected')
      return (await loans.markCancelled(loan.id, answer.error)) ?? loan;
    await loans.touch(loan.id, 'disbursement_pending');
    return { ...loan, reason: 'disbursement_pending' };
  }

  /** Retries the disbursements left unconfirmed (outcome unknown) for `olderThanMs`. */
  async sweep(olderThanMs: number): Promise<number> {
    const pending = await this.deps.loans.undisbursed(olderThanMs, 20);
    for (const loan of pending) await this.disburse(loan);
    return pending.length;
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

/**
 * The lending domain: a loan application, the rules that decide it and the repayment it
 * implies. Pure: no I/O, no clock.
 */
export type LoanStatus = 'approved' | 'disbursed' | 'rejected' | 'cancelled';

export interface Loan {
  id: string;
  customerId: string;
  accountId: string;
  principalCents: number;
  currency: string;
  termMonths: number;
  /** Yearly rate in basis points (690 = 6.90 %). */
  aprBps: number;
  monthlyPaymentCents: number;
  /**
   * approved: decided, disbursement not confirmed yet (the saga runs); disbursed: accounts
   * credited the account; rejected: refused by the rules; cancelled: approved, then
   * compensated (accounts refused the credit, or no outcome came before the deadline). A
   * `loan.disbursed` that arrives after a cancellation still makes the loan disbursed: the
   * ledger's credit is the fact (see loan-saga.ts).
   */
  status: LoanStatus;
  reason?: string;
  createdAt: string;
  disbursedAt?: string;
}

export type KycView = 'approved' | 'pending' | 'rejected' | 'missing';

export interface LoanApplication {
  amountCents: number;
  termMonths: number;
  kyc: KycView;
  /** Principal of the customer's approved and disbursed loans. */
  outstandingCents: number;
}

export const LOAN_RULES = {
  minCents: 10_000,
  maxCents: 5_000_000,
  /** Most a customer may owe in total. */
  exposureLimitCents: 7_500_000,
  termsMonths: [6, 12, 24, 36, 48, 60] as readonly number[],
  aprBps: 690,
} as const;

export type LoanDecision = { approved: true } | { approved: false; reason: string };

export function decideLoan(application: LoanApplication): LoanDecision {
  if (application.kyc !== 'approved') return { approved: false, reason: `kyc_${application.kyc}` };
  if (application.amountCents < LOAN_RULES.minCents) {
    return { approved: false, reason: 'amount_below_minimum' };
  }
  if (application.amountCents > LOAN_RULES.maxCents) {
    return { approved: false, reason: 'amount_above_maximum' };
  }
  if (!LOAN_RULES.termsMonths.includes(application.termMonths)) {
    return { approved: false, reason: 'term_not_offered' };
  }
  if (application.outstandingCents + application.amountCents > LOAN_RULES.exposureLimitCents) {
    return { approved: false, reason: 'exposure_limit' };
  }
  return { approved: true };
}

/** The annuity: equal monthly payments, rounded up to the cent. */
export function monthlyPaymentCents(
  principalCents: number,
  aprBps: number,
  months: number,
): number {
  const rate = aprBps / 10_000 / 12;
  if (rate === 0) return Math.ceil(principalCents / months);
  return Math.ceil((principalCents * rate) / (1 - (1 + rate) ** -months));
}

/** The idempotency reference of a loan's disbursement on the accounts ledger. */
export const disbursementReference = (loanId: string) => `loan:${loanId}:disburse`;

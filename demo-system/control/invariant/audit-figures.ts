import { z } from 'zod';

/**
 * What each service's internal `GET /audit` answers (the contract in ARCHITECTURE.md's
 * money invariant): parsed leniently (extra fields are ignored) so a service may add figures.
 */

const cents = z.number().int();
const count = z.number().int().min(0);

export const accountsAuditSchema = z.object({
  accountCount: count,
  totalBalanceCents: cents,
  negativeBalanceAccounts: z.array(z.string()),
  depositedCents: cents,
  /** By the idempotency reference's first segment (`transfer`, `loan`, `order`, ...). */
  flows: z.record(z.string(), z.object({ debitedCents: cents, creditedCents: cents })),
  /** Flows (`transfer:trf_…`) whose debits minus credits is not zero. */
  openFlows: z.array(z.object({ flow: z.string(), netDebitedCents: cents })),
  readModel: z.object({ totalBalanceCents: cents, position: z.number() }).optional(),
  eventStore: z.object({ position: z.number() }).optional(),
});
export type AccountsAudit = z.infer<typeof accountsAuditSchema>;

export const paymentsAuditSchema = z.object({
  sagas: z.record(z.string(), count),
  nonTerminal: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      step: z.string().nullable().optional(),
      startedAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  externalPaid: z.array(z.object({ transferId: z.string(), amountCents: cents })),
});
export type PaymentsAudit = z.infer<typeof paymentsAuditSchema>;

export const partnerBankAuditSchema = z.object({
  acceptedCount: count,
  acceptedCents: cents,
  reversedCount: count,
  reversedCents: cents,
});
export type PartnerBankAudit = z.infer<typeof partnerBankAuditSchema>;

export const lendingAuditSchema = z.object({
  nonTerminal: z.array(z.object({ loanId: z.string(), status: z.string(), updatedAt: z.string() })),
  disbursedCents: cents,
});
export type LendingAudit = z.infer<typeof lendingAuditSchema>;

/** The services the invariant reads, by catalog name. */
export const AUDITED = {
  accounts: 'accounts',
  payments: 'payments',
  partnerBank: 'partner-bank',
  lending: 'lending',
} as const;

/** One reading of every audit: payments (and lending) read before and after the others. */
export interface AuditReading {
  accounts: AccountsAudit;
  /** Read before accounts' snapshot. */
  paymentsBefore: PaymentsAudit;
  /** Read after accounts' snapshot. */
  paymentsAfter: PaymentsAudit;
  partnerBank: PartnerBankAudit | null;
  lendingBefore: LendingAudit | null;
  lendingAfter: LendingAudit | null;
}

/**
 * The saga's check step: local, deterministic rules on payments' own records, configurable
 * here. Runs after the funds are reserved, so a refusal releases them.
 *
 * - per-transfer limit: a single transfer above `perTransferLimitCents` is refused;
 * - daily limit: what one customer (or, without a customer, one source account) sent in the
 *   last 24 h, this transfer included, may not exceed `dailyLimitCents` (transfers rejected or
 *   failed do not count);
 * - fraud: a payee whose name is on the watch pattern, or an amount just under the
 *   per-transfer limit (within `structuringBand`, a classic way round a limit).
 */
export interface CheckRules {
  perTransferLimitCents: number;
  dailyLimitCents: number;
  suspiciousPayee: RegExp;
  /** Fraction below the per-transfer limit that counts as structuring (0.05 = 5 %). */
  structuringBand: number;
}

export const CHECK_RULES: CheckRules = {
  perTransferLimitCents: 10_000_000,
  dailyLimitCents: 50_000_000,
  suspiciousPayee: /\b(fraud|scam|mule)\b/i,
  structuringBand: 0.05,
};

export type CheckRefusal = 'transfer_limit_exceeded' | 'daily_limit_exceeded' | 'suspected_fraud';

export type CheckDecision = { ok: true } | { ok: false; reason: CheckRefusal };

export interface CheckInput {
  amountCents: number;
  payeeName?: string;
  /** What the same customer sent in the last 24 h, this transfer excluded. */
  sentTodayCents: number;
}

export function decideChecks(input: CheckInput, rules: CheckRules = CHECK_RULES): CheckDecision {
  if (input.amountCents > rules.perTransferLimitCents) {
    return { ok: false, reason: 'transfer_limit_exceeded' };
  }
  if (input.sentTodayCents + input.amountCents > rules.dailyLimitCents) {
    return { ok: false, reason: 'daily_limit_exceeded' };
  }
  if (input.payeeName !== undefined && rules.suspiciousPayee.test(input.payeeName)) {
    return { ok: false, reason: 'suspected_fraud' };
  }
  const floor = rules.perTransferLimitCents * (1 - rules.structuringBand);
  if (input.amountCents >= floor) return { ok: false, reason: 'suspected_fraud' };
  return { ok: true };
}

/** Whose daily total a transfer counts in: its customer, else its source account. */
export function spenderKey(transfer: { customerId?: string; fromAccountId: string }): string {
  return transfer.customerId
    ? `customer:${transfer.customerId}`
    : `account:${transfer.fromAccountId}`;
}

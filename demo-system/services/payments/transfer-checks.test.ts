import { describe, expect, it } from 'vitest';
import { CHECK_RULES, type CheckRules, decideChecks, spenderKey } from './transfer-checks';

const rules: CheckRules = {
  perTransferLimitCents: 10_000,
  dailyLimitCents: 25_000,
  suspiciousPayee: /\bmule\b/i,
  structuringBand: 0.05,
};

describe('transfer checks', () => {
  it('passes an ordinary transfer', () => {
    expect(decideChecks({ amountCents: 5_000, sentTodayCents: 0 }, rules)).toEqual({ ok: true });
  });

  it('refuses a transfer over the per-transfer limit', () => {
    expect(decideChecks({ amountCents: 10_001, sentTodayCents: 0 }, rules)).toEqual({
      ok: false,
      reason: 'transfer_limit_exceeded',
    });
  });

  it('refuses what would take the day past the daily limit, and only that', () => {
    expect(decideChecks({ amountCents: 5_000, sentTodayCents: 20_000 }, rules)).toEqual({
      ok: true,
    });
    expect(decideChecks({ amountCents: 5_001, sentTodayCents: 20_000 }, rules)).toEqual({
      ok: false,
      reason: 'daily_limit_exceeded',
    });
  });

  it('flags a watched payee and amounts just under the limit as suspected fraud', () => {
    expect(
      decideChecks({ amountCents: 100, payeeName: 'Money Mule Ltd', sentTodayCents: 0 }, rules),
    ).toEqual({ ok: false, reason: 'suspected_fraud' });
    expect(decideChecks({ amountCents: 9_500, sentTodayCents: 0 }, rules)).toEqual({
      ok: false,
      reason: 'suspected_fraud',
    });
    expect(decideChecks({ amountCents: 9_499, sentTodayCents: 0 }, rules)).toEqual({ ok: true });
  });

  it("leaves the traffic generator's amounts alone by default (at most 200.00)", () => {
    expect(decideChecks({ amountCents: 20_000, sentTodayCents: 0 }, CHECK_RULES)).toEqual({
      ok: true,
    });
  });

  it('counts a customer across accounts, and an anonymous source by its account', () => {
    expect(spenderKey({ customerId: 'c-1', fromAccountId: 'acc_a' })).toBe('customer:c-1');
    expect(spenderKey({ fromAccountId: 'acc_a' })).toBe('account:acc_a');
  });
});

import { describe, expect, it } from 'vitest';
import type { AccountsAudit, AuditReading, PaymentsAudit } from './audit-figures';
import { checkInvariant, paymentsUnchanged } from './invariant';

/**
 * The invariant over hand-made audit figures. The story: 3 accounts got 10 000 in deposits
 * and a 2 000 loan; transfer t1 (internal) completed, t2 (external, 700) was paid to
 * partner-bank, t3 (internal) was compensated, t4 (300) is still running with its debit
 * applied, and a wealth order bought 500 of funds.
 */
const NOW = new Date('2026-11-25T04:00:00.000Z');
const OPTIONS = { now: NOW, stuckAfterMs: 60_000 };

function accounts(overrides: Partial<AccountsAudit> = {}): AccountsAudit {
  return {
    accountCount: 3,
    // 10 000 + 2 000 - 700 - 500 - 300
    totalBalanceCents: 10_500,
    negativeBalanceAccounts: [],
    depositedCents: 10_000,
    flows: {
      transfer: { debitedCents: 1_000 + 700 + 400 + 300, creditedCents: 1_000 + 400 },
      loan: { debitedCents: 0, creditedCents: 2_000 },
      order: { debitedCents: 500, creditedCents: 0 },
    },
    openFlows: [
      { flow: 'transfer:t2', netDebitedCents: 700 },
      { flow: 'transfer:t4', netDebitedCents: 300 },
      { flow: 'order:o1', netDebitedCents: 500 },
    ],
    readModel: { totalBalanceCents: 10_500, position: 42 },
    eventStore: { position: 42 },
    ...overrides,
  };
}

function payments(overrides: Partial<PaymentsAudit> = {}): PaymentsAudit {
  return {
    sagas: { completed: 2, compensated: 1, running: 1 },
    nonTerminal: [
      {
        id: 't4',
        status: 'running',
        step: 'credit',
        startedAt: '2026-11-25T03:59:58.000Z',
        updatedAt: '2026-11-25T03:59:59.000Z',
      },
    ],
    externalPaid: [{ transferId: 't2', amountCents: 700 }],
    ...overrides,
  };
}

function reading(overrides: Partial<AuditReading> = {}): AuditReading {
  const p = payments();
  return {
    accounts: accounts(),
    paymentsBefore: p,
    paymentsAfter: p,
    partnerBank: { acceptedCount: 1, acceptedCents: 700, reversedCount: 0, reversedCents: 0 },
    lendingBefore: { nonTerminal: [], disbursedCents: 2_000 },
    lendingAfter: { nonTerminal: [], disbursedCents: 2_000 },
    ...overrides,
  };
}

const rules = (result: ReturnType<typeof checkInvariant>) => result.violations.map((v) => v.rule);

describe('checkInvariant', () => {
  it('holds when money in minus money out minus money in flight is what the balances hold', () => {
    const result = checkInvariant(reading(), OPTIONS);
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.figures).toMatchObject({
      totalBalanceCents: 10_500,
      expectedTotalCents: 10_500,
      depositedCents: 10_000,
      loanDisbursedCents: 2_000,
      externalPaidCents: 700,
      orderPurchasesCents: 500,
      inFlightCents: 300,
      partnerBankNetCents: 700,
      nonTerminalSagas: 1,
      consistentCut: true,
    });
    expect(result.skipped).toEqual([]);
  });

  it('counts an external payment of a saga still running as in flight, not paid out', () => {
    // t4 is external and already paid at partner-bank; its saga has a step left.
    const p = payments({
      externalPaid: [...payments().externalPaid, { transferId: 't4', amountCents: 300 }],
    });
    const result = checkInvariant(
      reading({
        paymentsBefore: p,
        paymentsAfter: p,
        partnerBank: { acceptedCount: 2, acceptedCents: 1_000, reversedCount: 0, reversedCents: 0 },
      }),
      OPTIONS,
    );
    expect(result.violations).toEqual([]);
    expect(result.figures).toMatchObject({ externalPaidCents: 700, inFlightCents: 300 });
  });

  it('reports money created or destroyed (conservation)', () => {
    const result = checkInvariant(
      reading({ accounts: accounts({ totalBalanceCents: 10_600 }) }),
      OPTIONS,
    );
    expect(result.ok).toBe(false);
    expect(rules(result)).toContain('conservation');
    expect(result.violations[0]?.detail).toMatch(/10600 cents, expected 10500/);
  });

  it('reports a finished transfer whose debit was never credited or refunded', () => {
    const leaky = accounts({
      totalBalanceCents: 10_100,
      openFlows: [...accounts().openFlows, { flow: 'transfer:t3', netDebitedCents: 400 }],
      flows: { ...accounts().flows, transfer: { debitedCents: 2_400, creditedCents: 1_000 } },
    });
    const result = checkInvariant(reading({ accounts: leaky }), OPTIONS);
    expect(rules(result)).toContain('transfer-flow');
    expect(result.violations.find((v) => v.rule === 'transfer-flow')?.detail).toMatch(
      /transfer:t3: accounts holds 400 cents debited, but payments has no unfinished saga/,
    );
  });

  it('reports an external transfer whose debit differs from what was paid, or was not debited', () => {
    const wrongAmount = accounts({
      openFlows: [
        { flow: 'transfer:t2', netDebitedCents: 650 },
        { flow: 'transfer:t4', netDebitedCents: 300 },
      ],
    });
    expect(
      checkInvariant(reading({ accounts: wrongAmount }), OPTIONS).violations.map((v) => v.detail),
    ).toContainEqual(expect.stringMatching(/transfer:t2: accounts holds 650 .* paid 700/));
    const notDebited = accounts({ openFlows: [{ flow: 'transfer:t4', netDebitedCents: 300 }] });
    expect(
      checkInvariant(reading({ accounts: notDebited }), OPTIONS).violations.map((v) => v.detail),
    ).toContainEqual(expect.stringMatching(/transfer:t2: payments paid 700 .* no net debit/));
  });

  it('reports a negative balance', () => {
    const result = checkInvariant(
      reading({ accounts: accounts({ negativeBalanceAccounts: ['acc_1'] }) }),
      OPTIONS,
    );
    expect(result.violations).toContainEqual({
      rule: 'no-negative-balance',
      detail: 'negative balance on acc_1',
    });
  });

  it('reports partner-bank holding more than was paid plus in flight, or less than was paid', () => {
    const more = checkInvariant(
      reading({
        partnerBank: { acceptedCount: 2, acceptedCents: 1_700, reversedCount: 0, reversedCents: 0 },
      }),
      OPTIONS,
    );
    expect(rules(more)).toEqual(['partner-bank']);
    // An order of the running saga t4 (300) may already be at partner-bank.
    const inFlight = checkInvariant(
      reading({
        partnerBank: { acceptedCount: 2, acceptedCents: 1_000, reversedCount: 0, reversedCents: 0 },
      }),
      OPTIONS,
    );
    expect(inFlight.ok).toBe(true);
    const reversed = checkInvariant(
      reading({
        partnerBank: { acceptedCount: 1, acceptedCents: 700, reversedCount: 1, reversedCents: 700 },
      }),
      OPTIONS,
    );
    expect(rules(reversed)).toEqual(['partner-bank']);
  });

  it('reports sagas and loans unfinished for longer than the bound', () => {
    const old = payments({
      nonTerminal: [
        {
          id: 't4',
          status: 'compensating',
          step: 'refund',
          startedAt: '2026-11-25T03:57:00.000Z',
          updatedAt: '2026-11-25T03:59:59.000Z',
        },
      ],
    });
    const result = checkInvariant(
      reading({
        paymentsBefore: old,
        paymentsAfter: old,
        lendingBefore: {
          nonTerminal: [
            { loanId: 'l9', status: 'approved', updatedAt: '2026-11-25T03:50:00.000Z' },
          ],
          disbursedCents: 2_000,
        },
        lendingAfter: {
          nonTerminal: [
            { loanId: 'l9', status: 'approved', updatedAt: '2026-11-25T03:50:00.000Z' },
          ],
          disbursedCents: 2_000,
        },
      }),
      OPTIONS,
    );
    expect(result.violations).toEqual([
      {
        rule: 'saga-stuck',
        detail: expect.stringMatching(/^transfer t4 compensating at refund for 180 s/),
      },
      { rule: 'loan-stuck', detail: expect.stringMatching(/^loan l9 approved for 600 s/) },
    ]);
    expect(result.skipped).toContain('loan-disbursements: 1 loan(s) in flight');
    expect(
      checkInvariant(reading({ paymentsBefore: old, paymentsAfter: old }), {
        now: NOW,
        stuckAfterMs: 200_000,
      }).ok,
    ).toBe(true);
  });

  it('cross-checks lending and accounts once no loan is in flight', () => {
    const lending = { nonTerminal: [], disbursedCents: 2_500 };
    const result = checkInvariant(
      reading({ lendingBefore: lending, lendingAfter: lending }),
      OPTIONS,
    );
    expect(result.violations).toEqual([
      {
        rule: 'loan-disbursements',
        detail: 'lending disbursed 2500 cents, accounts credited 2000 cents for loans',
      },
    ]);
  });

  it('compares the read model with the event store only once it caught up', () => {
    const behind = accounts({ readModel: { totalBalanceCents: 9_000, position: 40 } });
    const lagging = checkInvariant(reading({ accounts: behind }), OPTIONS);
    expect(lagging.ok).toBe(true);
    expect(lagging.skipped).toContain('read-model: behind the event store (40 of 42)');
    const wrong = accounts({ readModel: { totalBalanceCents: 9_000, position: 42 } });
    expect(rules(checkInvariant(reading({ accounts: wrong }), OPTIONS))).toEqual(['read-model']);
  });

  it('skips the rules that need a consistent cut when payments moved during the reading', () => {
    // t4 completed between the two reads of payments: accounts' snapshot may hold its debit
    // without its credit, which is neither a leak nor in flight by the second read alone.
    const after = payments({
      sagas: { completed: 3, compensated: 1 },
      nonTerminal: [],
    });
    const leaky = accounts({ totalBalanceCents: 1 });
    const result = checkInvariant(
      reading({ accounts: leaky, paymentsBefore: payments(), paymentsAfter: after }),
      OPTIONS,
    );
    expect(result.figures.consistentCut).toBe(false);
    expect(result.figures.expectedTotalCents).toBeNull();
    expect(rules(result)).not.toContain('conservation');
    expect(result.skipped).toContain(
      'conservation: payments moved while accounts took its snapshot',
    );
    // t4 was unfinished in the first read: still in flight, so no transfer-flow violation.
    expect(rules(result)).not.toContain('transfer-flow');
    // A negative balance needs no cut.
    const negative = checkInvariant(
      reading({
        accounts: accounts({ negativeBalanceAccounts: ['acc_2'] }),
        paymentsBefore: payments(),
        paymentsAfter: after,
      }),
      OPTIONS,
    );
    expect(rules(negative)).toEqual(['no-negative-balance']);
  });
});

describe('paymentsUnchanged', () => {
  it('sees a status count, a step or an external payment that moved', () => {
    expect(paymentsUnchanged(payments(), payments())).toBe(true);
    expect(
      paymentsUnchanged(
        payments(),
        payments({ sagas: { completed: 3, compensated: 1, running: 1 } }),
      ),
    ).toBe(false);
    const stepped = payments({
      nonTerminal: [{ ...payments().nonTerminal[0]!, step: 'notify' }],
    });
    expect(paymentsUnchanged(payments(), stepped)).toBe(false);
    expect(paymentsUnchanged(payments(), payments({ externalPaid: [] }))).toBe(false);
  });
});

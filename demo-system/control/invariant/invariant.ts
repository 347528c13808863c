import type { AuditReading } from './audit-figures';
import { lendingUnchanged, paymentsUnchanged } from './cut';

export { lendingUnchanged, paymentsUnchanged } from './cut';

/**
 * The bank's money invariant, Jepsen's bank test adapted to a bank with a way in and a way out
 * (ADR 0006). A pure function over one reading of the services' audit figures:
 *
 * - conservation: the sum of every balance equals what came in minus what went out minus what
 *   is in flight. In: deposits and loan disbursements (opening balances are 0). Out: payments
 *   to partner-bank (completed external transfers) and wealth purchases (`order:` debits). In
 *   flight: the net debits of transfers whose saga has not finished;
 * - no account has a negative balance;
 * - every transfer flow (`transfer:<id>`'s debits minus credits in accounts) matches what
 *   payments says: a finished internal or compensated transfer nets 0, a completed external
 *   one nets exactly what payments paid to partner-bank, which partner-bank holds;
 * - no saga (or loan) stays unfinished longer than `stuckAfterMs`: after faults stop, every
 *   saga completes or compensates;
 * - the read model agrees with the event store once it has caught up;
 * - lending's disbursed total is what accounts credited for loans once no loan is in flight.
 *
 * The reading is consistent (a "cut") when payments (and lending) answered the same before and
 * after accounts' snapshot: nothing moved in between, so a flow's saga state is the one that
 * held when accounts took its snapshot. Without a cut, the rules that need one are skipped
 * (listed in `skipped`) rather than guessed.
 */

export interface Violation {
  rule: string;
  detail: string;
}

export interface InvariantFigures {
  accountCount: number;
  totalBalanceCents: number;
  depositedCents: number;
  loanDisbursedCents: number;
  /** Paid to partner-bank by finished external transfers. */
  externalPaidCents: number;
  orderPurchasesCents: number;
  /** Net credits of references that are neither transfers, loans nor orders. */
  otherFlowsNetCents: number;
  inFlightCents: number;
  /** What the balances should add up to; null when the reading was not a consistent cut. */
  expectedTotalCents: number | null;
  partnerBankNetCents: number | null;
  sagas: Record<string, number>;
  nonTerminalSagas: number;
  nonTerminalLoans: number | null;
  /** Payments (and lending) did not move while accounts took its snapshot. */
  consistentCut: boolean;
}

export interface InvariantResult {
  ok: boolean;
  figures: InvariantFigures;
  violations: Violation[];
  /** Rules not evaluated on this reading, with why. */
  skipped: string[];
}

export interface InvariantOptions {
  now: Date;
  /** A saga (or loan) unfinished for longer than this is reported stuck. */
  stuckAfterMs: number;
}

const TRANSFER = 'transfer';
const LOAN = 'loan';
const ORDER = 'order';

export function checkInvariant(reading: AuditReading, options: InvariantOptions): InvariantResult {
  const { accounts, paymentsBefore, paymentsAfter, partnerBank } = reading;
  const violations: Violation[] = [];
  const skipped: string[] = [];
  const lendingCut = lendingUnchanged(reading.lendingBefore, reading.lendingAfter);
  const paymentsCut = paymentsUnchanged(paymentsBefore, paymentsAfter);
  const consistentCut = paymentsCut && lendingCut;

  // Sagas unfinished in either read are in flight; payments are known when paid in both reads.
  const unfinished = new Set([
    ...paymentsBefore.nonTerminal.map((s) => s.id),
    ...paymentsAfter.nonTerminal.map((s) => s.id),
  ]);
  // An external payment of a saga still running (paid, later steps pending) is in flight.
  const paidBefore = new Map(paymentsBefore.externalPaid.map((p) => [p.transferId, p.amountCents]));
  const paid = new Map(
    paymentsAfter.externalPaid
      .filter((p) => !unfinished.has(p.transferId))
      .filter((p) => paymentsCut || paidBefore.get(p.transferId) === p.amountCents)
      .map((p) => [p.transferId, p.amountCents]),
  );

  let inFlightCents = 0;
  let unsettled = 0;
  const transferFlows = new Map<string, number>();
  for (const { flow, netDebitedCents } of accounts.openFlows) {
    const [prefix, id = ''] = flow.split(':');
    if (prefix !== TRANSFER) continue;
    transferFlows.set(id, netDebitedCents);
    if (unfinished.has(id)) {
      inFlightCents += netDebitedCents;
      continue;
    }
    const amount = paid.get(id);
    if (amount !== undefined) {
      if (netDebitedCents !== amount) {
        violations.push({
          rule: 'transfer-flow',
          detail: `${flow}: accounts holds ${netDebitedCents} cents debited, but payments paid ${amount} cents to partner-bank`,
        });
      }
    } else if (paymentsCut) {
      violations.push({
        rule: 'transfer-flow',
        detail: `${flow}: accounts holds ${netDebitedCents} cents debited, but payments has no unfinished saga and no external payment for it (a finished internal or compensated transfer nets 0)`,
      });
    } else {
      unsettled += 1;
    }
  }
  if (paymentsCut) {
    for (const [id, amount] of paid) {
      if (!transferFlows.has(id)) {
        violations.push({
          rule: 'transfer-flow',
          detail: `${TRANSFER}:${id}: payments paid ${amount} cents to partner-bank, but accounts holds no net debit for it`,
        });
      }
    }
  } else {
    skipped.push(
      `transfer-flow: ${unsettled} flow(s) of sagas that moved during the reading left unchecked (no consistent cut)`,
    );
  }

  const net = (prefix: string) => {
    const f = accounts.flows[prefix];
    return f ? f.creditedCents - f.debitedCents : 0;
  };
  const loanDisbursedCents = net(LOAN);
  const orderPurchasesCents = -net(ORDER);
  const otherFlowsNetCents = Object.keys(accounts.flows)
    .filter((p) => p !== TRANSFER && p !== LOAN && p !== ORDER)
    .reduce((sum, p) => sum + net(p), 0);
  const externalPaidCents = sum([...paid.values()]);

  let expectedTotalCents: number | null = null;
  if (paymentsCut) {
    expectedTotalCents =
      accounts.depositedCents +
      loanDisbursedCents +
      otherFlowsNetCents -
      externalPaidCents -
      orderPurchasesCents -
      inFlightCents;
    if (expectedTotalCents !== accounts.totalBalanceCents) {
      violations.push({
        rule: 'conservation',
        detail: `balances add up to ${accounts.totalBalanceCents} cents, expected ${expectedTotalCents} = deposited ${accounts.depositedCents} + loans ${loanDisbursedCents} + other ${otherFlowsNetCents} - paid out ${externalPaidCents} - orders ${orderPurchasesCents} - in flight ${inFlightCents}`,
      });
    }
  } else {
    skipped.push('conservation: payments moved while accounts took its snapshot');
  }

  if (accounts.negativeBalanceAccounts.length > 0) {
    violations.push({
      rule: 'no-negative-balance',
      detail: `negative balance on ${accounts.negativeBalanceAccounts.join(', ')}`,
    });
  }

  let partnerBankNetCents: number | null = null;
  if (partnerBank) {
    partnerBankNetCents = partnerBank.acceptedCents - partnerBank.reversedCents;
    if (paymentsCut) {
      // Partner-bank may hold orders of sagas still running (paid, not yet recorded as paid).
      const surplus = partnerBankNetCents - externalPaidCents;
      if (surplus < 0 || surplus > inFlightCents) {
        violations.push({
          rule: 'partner-bank',
          detail: `partner-bank holds ${partnerBankNetCents} cents net (${partnerBank.acceptedCents} accepted - ${partnerBank.reversedCents} reversed), payments paid ${externalPaidCents} cents and has ${inFlightCents} cents in flight`,
        });
      }
    } else {
      skipped.push('partner-bank: payments moved during the reading');
    }
  } else {
    skipped.push('partner-bank: not running');
  }

  const lending = reading.lendingAfter;
  if (!lending) {
    skipped.push('loan-disbursements: lending not running');
  } else if (!consistentCut) {
    skipped.push('loan-disbursements: lending or payments moved during the reading');
  } else if (lending.nonTerminal.length > 0) {
    skipped.push(`loan-disbursements: ${lending.nonTerminal.length} loan(s) in flight`);
  } else if (lending.disbursedCents !== loanDisbursedCents) {
    violations.push({
      rule: 'loan-disbursements',
      detail: `lending disbursed ${lending.disbursedCents} cents, accounts credited ${loanDisbursedCents} cents for loans`,
    });
  }

  const { readModel, eventStore } = accounts;
  if (readModel && eventStore) {
    if (readModel.position !== eventStore.position) {
      skipped.push(
        `read-model: behind the event store (${readModel.position} of ${eventStore.position})`,
      );
    } else if (readModel.totalBalanceCents !== accounts.totalBalanceCents) {
      violations.push({
        rule: 'read-model',
        detail: `the read model's balances add up to ${readModel.totalBalanceCents} cents at position ${readModel.position}, the event store's to ${accounts.totalBalanceCents}`,
      });
    }
  }

  const now = options.now.getTime();
  for (const saga of paymentsAfter.nonTerminal) {
    const age = now - Date.parse(saga.startedAt);
    if (age > options.stuckAfterMs) {
      violations.push({
        rule: 'saga-stuck',
        detail: `transfer ${saga.id} ${saga.status}${saga.step ? ` at ${saga.step}` : ''} for ${Math.round(age / 1000)} s (since ${saga.startedAt})`,
      });
    }
  }
  for (const loan of lending?.nonTerminal ?? []) {
    const age = now - Date.parse(loan.updatedAt);
    if (age > options.stuckAfterMs) {
      violations.push({
        rule: 'loan-stuck',
        detail: `loan ${loan.loanId} ${loan.status} for ${Math.round(age / 1000)} s (since ${loan.updatedAt})`,
      });
    }
  }

  return {
    ok: violations.length === 0,
    figures: {
      accountCount: accounts.accountCount,
      totalBalanceCents: accounts.totalBalanceCents,
      depositedCents: accounts.depositedCents,
      loanDisbursedCents,
      externalPaidCents,
      orderPurchasesCents,
      otherFlowsNetCents,
      inFlightCents,
      expectedTotalCents,
      partnerBankNetCents,
      sagas: { ...paymentsAfter.sagas },
      nonTerminalSagas: paymentsAfter.nonTerminal.length,
      nonTerminalLoans: lending ? lending.nonTerminal.length : null,
      consistentCut,
    },
    violations,
    skipped,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

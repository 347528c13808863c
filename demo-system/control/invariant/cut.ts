import type { LendingAudit, PaymentsAudit } from './audit-figures';

/**
 * Whether a service stood still between two reads (ADR 0006): read before and after accounts'
 * snapshot, equal answers mean accounts saw the state the answers describe.
 */

/** Payments answered the same twice: same counts by status, same unfinished sagas and steps. */
export function paymentsUnchanged(a: PaymentsAudit, b: PaymentsAudit): boolean {
  return (
    sameCounts(a.sagas, b.sagas) &&
    sameKeys(
      a.nonTerminal.map((s) => `${s.id}|${s.status}|${s.step ?? ''}|${s.updatedAt}`),
      b.nonTerminal.map((s) => `${s.id}|${s.status}|${s.step ?? ''}|${s.updatedAt}`),
    ) &&
    sameKeys(
      a.externalPaid.map((p) => `${p.transferId}|${p.amountCents}`),
      b.externalPaid.map((p) => `${p.transferId}|${p.amountCents}`),
    )
  );
}

export function lendingUnchanged(a: LendingAudit | null, b: LendingAudit | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.disbursedCents === b.disbursedCents &&
    sameKeys(
      a.nonTerminal.map((l) => `${l.loanId}|${l.status}|${l.updatedAt}`),
      b.nonTerminal.map((l) => `${l.loanId}|${l.status}|${l.updatedAt}`),
    )
  );
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort();
  const right = [...b].sort();
  return left.every((value, i) => value === right[i]);
}

import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { LedgerAnswer, LedgerEntryCall, LedgerPort } from '../../platform/ledger-client';
import { runExternalTransferSaga } from './external-transfer-saga';
import type { PartnerAnswer, PartnerPort } from './partner-port';
import type { Transfer } from './transfer';

const tracer = trace.getTracer('test');
const transfer: Transfer = {
  id: 'trf_9',
  fromAccountId: 'acc_a',
  toExternal: { iban: 'DE89370400440532013000', name: 'Ada' },
  amountCents: 700,
  status: 'pending',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const applied: LedgerAnswer = { kind: 'applied', currency: 'EUR', balanceCents: 0 };

function ports(ledgerAnswers: Record<string, LedgerAnswer>, partnerAnswer: PartnerAnswer) {
  const calls: string[] = [];
  const answer = async (call: LedgerEntryCall) => {
    calls.push(call.reference);
    return ledgerAnswers[call.reference] ?? applied;
  };
  const ledger: LedgerPort = { debit: answer, credit: answer };
  const partner: PartnerPort = {
    send: async (order) => {
      calls.push(order.idempotencyKey);
      return partnerAnswer;
    },
  };
  return { ledger, partner, calls };
}

describe('runExternalTransferSaga', () => {
  it('debits, then sends the order with a key derived from the transfer', async () => {
    const { ledger, partner, calls } = ports({}, { kind: 'accepted', partnerTransferId: 'x' });
    expect(await runExternalTransferSaga(tracer, ledger, partner, transfer)).toEqual({
      status: 'completed',
    });
    expect(calls).toEqual(['transfer:trf_9:debit', 'transfer:trf_9:external']);
  });

  it('holds (never refunds) while partner-bank is unavailable or its breaker is open', async () => {
    const { ledger, partner, calls } = ports(
      {},
      { kind: 'unavailable', reason: 'partner_bank_breaker_open', detail: 'breaker-open' },
    );
    expect(await runExternalTransferSaga(tracer, ledger, partner, transfer)).toEqual({
      status: 'held',
      reason: 'partner_bank_breaker_open',
    });
    expect(calls).not.toContain('transfer:trf_9:refund');
  });

  it('refunds on a refusal; holds when the refund outcome is unknown', async () => {
    const refused: PartnerAnswer = { kind: 'refused', error: 'payee_blocked' };
    const ok = ports({}, refused);
    expect(await runExternalTransferSaga(tracer, ok.ledger, ok.partner, transfer)).toEqual({
      status: 'rejected',
      reason: 'payee_blocked',
    });
    expect(ok.calls.at(-1)).toBe('transfer:trf_9:refund');
    const unsure = ports({ 'transfer:trf_9:refund': { kind: 'unknown', reason: 't' } }, refused);
    expect(await runExternalTransferSaga(tracer, unsure.ledger, unsure.partner, transfer)).toEqual({
      status: 'held',
      reason: 'refund_pending',
    });
  });

  it('holds when the debit is unknown and stops when it is refused', async () => {
    const unknown = ports(
      { 'transfer:trf_9:debit': { kind: 'unknown', reason: 't' } },
      {
        kind: 'accepted',
        partnerTransferId: 'x',
      },
    );
    expect(
      await runExternalTransferSaga(tracer, unknown.ledger, unknown.partner, transfer),
    ).toEqual({ status: 'held', reason: 'accounts_unavailable' });
    expect(unknown.calls).toEqual(['transfer:trf_9:debit']);
    const poor = ports(
      {
        'transfer:trf_9:debit': { kind: 'rejected', httpStatus: 409, error: 'insufficient_funds' },
      },
      { kind: 'accepted', partnerTransferId: 'x' },
    );
    expect(await runExternalTransferSaga(tracer, poor.ledger, poor.partner, transfer)).toEqual({
      status: 'rejected',
      reason: 'insufficient_funds',
    });
  });
});

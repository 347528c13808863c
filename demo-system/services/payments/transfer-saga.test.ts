import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { LedgerAnswer, LedgerEntryCall, LedgerPort } from '../../platform/ledger-client';
import type { Transfer } from './transfer';
import { runTransferSaga } from './transfer-saga';

const tracer = trace.getTracer('test');
const transfer: Transfer = {
  id: 'trf_1',
  fromAccountId: 'acc_a',
  toAccountId: 'acc_b',
  amountCents: 500,
  status: 'pending',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const applied: LedgerAnswer = { kind: 'applied', currency: 'EUR', balanceCents: 0 };

/** A ledger whose answers the test scripts per reference; it records every call. */
function ledger(answers: Record<string, LedgerAnswer>) {
  const calls: Array<{ op: 'debit' | 'credit' } & LedgerEntryCall> = [];
  const answer = (op: 'debit' | 'credit') => async (call: LedgerEntryCall) => {
    calls.push({ op, ...call });
    return answers[call.reference] ?? applied;
  };
  const port: LedgerPort = { debit: answer('debit'), credit: answer('credit') };
  return { port, calls };
}

describe('runTransferSaga', () => {
  it('debits then credits with references derived from the transfer id', async () => {
    const { port, calls } = ledger({});
    expect(await runTransferSaga(tracer, port, transfer)).toEqual({ status: 'completed' });
    expect(calls).toEqual([
      { op: 'debit', accountId: 'acc_a', amountCents: 500, reference: 'transfer:trf_1:debit' },
      {
        op: 'credit',
        accountId: 'acc_b',
        amountCents: 500,
        reference: 'transfer:trf_1:credit',
        currency: 'EUR',
      },
    ]);
  });

  it('stops after a refused debit', async () => {
    const { port, calls } = ledger({
      'transfer:trf_1:debit': { kind: 'rejected', httpStatus: 409, error: 'insufficient_funds' },
    });
    expect(await runTransferSaga(tracer, port, transfer)).toEqual({
      status: 'rejected',
      reason: 'insufficient_funds',
    });
    expect(calls).toHaveLength(1);
  });

  it('refunds the source when the credit is refused', async () => {
    const { port, calls } = ledger({
      'transfer:trf_1:credit': { kind: 'rejected', httpStatus: 422, error: 'currency_mismatch' },
    });
    expect(await runTransferSaga(tracer, port, transfer)).toEqual({
      status: 'rejected',
      reason: 'currency_mismatch',
    });
    expect(calls.at(-1)).toEqual({
      op: 'credit',
      accountId: 'acc_a',
      amountCents: 500,
      reference: 'transfer:trf_1:refund',
    });
  });

  it('never refunds when the credit outcome is unknown (that could create money)', async () => {
    const { port, calls } = ledger({
      'transfer:trf_1:credit': { kind: 'unknown', reason: 'timeout' },
    });
    expect(await runTransferSaga(tracer, port, transfer)).toEqual({
      status: 'failed',
      reason: 'accounts_unavailable',
    });
    expect(calls.map((c) => c.reference)).not.toContain('transfer:trf_1:refund');
  });

  it('fails when the refund itself cannot be confirmed', async () => {
    const { port } = ledger({
      'transfer:trf_1:credit': { kind: 'rejected', httpStatus: 404, error: 'account_not_found' },
      'transfer:trf_1:refund': { kind: 'unknown', reason: 'timeout' },
    });
    expect(await runTransferSaga(tracer, port, transfer)).toEqual({
      status: 'failed',
      reason: 'compensation_failed',
    });
  });
});

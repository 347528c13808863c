import { describe, expect, it } from 'vitest';
import { sagaLogLine } from './saga-log';
import type { SagaInstance } from './saga-state';

const base: SagaInstance = {
  id: 's-1',
  name: 'external_transfer',
  status: 'running',
  step: 'send_external',
  steps: {},
  compensations: [],
  stepDeadline: null,
  nextAttemptAt: new Date(0),
  data: { transferId: 't-1', fromAccountId: 'a', amountCents: 1_250 },
  traceContext: {},
  reason: null,
  version: 1,
  startedAt: new Date(0),
  updatedAt: new Date(0),
};

describe('sagaLogLine', () => {
  it('says nothing while the status stays', () => {
    expect(sagaLogLine(base, { ...base, step: 'credit' })).toBeUndefined();
  });

  it('warns when compensation starts, naming the failed step, the reason and the compensation', () => {
    const line = sagaLogLine(base, {
      ...base,
      status: 'compensating',
      step: 'release',
      reason: 'partner_bank_refused',
    });
    expect(line).toMatchObject({
      level: 'warn',
      eventName: 'saga.compensating',
      body: 'transfer t-1 (1250 cents): step send_external failed: partner_bank_refused; compensating with release',
      attributes: { 'saga.id': 's-1', 'saga.status': 'compensating', 'saga.step': 'send_external' },
    });
  });

  it('reports each end at its level: completed info, compensated warn, failed error', () => {
    const compensating: SagaInstance = { ...base, status: 'compensating', step: 'release' };
    const at = (status: SagaInstance['status']) =>
      sagaLogLine(compensating, { ...compensating, status, compensations: ['release'] });
    expect(sagaLogLine(base, { ...base, status: 'completed', step: 'notify' })?.level).toBe('info');
    expect(at('compensated')).toMatchObject({
      level: 'warn',
      body: 'transfer t-1 (1250 cents) compensated: release ran, no money moved',
    });
    expect(at('failed')?.level).toBe('error');
  });

  it('calls a debit refused before anything moved a refusal, at info', () => {
    const debit: SagaInstance = { ...base, step: 'debit' };
    expect(
      sagaLogLine(debit, { ...debit, status: 'compensated', reason: 'insufficient_funds' }),
    ).toMatchObject({
      level: 'info',
      eventName: 'saga.refused',
      body: 'transfer t-1 (1250 cents) refused at debit: insufficient_funds; nothing to undo',
    });
  });
});

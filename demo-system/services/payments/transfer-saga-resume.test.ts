import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDb } from '../../platform/db';
import { createServiceClient } from '../../platform/http-client';
import { httpLedgerPort, type LedgerPort } from '../../platform/ledger-client';
import { eventually, jsonRequest } from '../../testing/http';
import { paymentsSchema } from './migrations';
import { httpPartnerPort, type PartnerPort } from './partner-port';
import { type Bank, common, GOOD_IBAN, startBank } from './payments-test-kit';
import { SagaRunner } from './saga-runner';
import { startPaymentsService } from './server';
import { SqlSagaStore } from './sql-saga-store';
import type { Transfer } from './transfer';
import { DEFAULT_TIMINGS } from './transfer-flow';
import { newTransferSaga, transferEventOf } from './transfer-saga';
import { executeStep, type StepPorts } from './transfer-steps';

/**
 * A runner dropped mid-step (its call reached accounts or partner-bank, its result never got
 * persisted) and a new runner on the same database: the new one takes the saga over once the
 * old claim expires, re-sends the step with the same idempotency key and finishes; the ledger
 * and partner-bank applied each step once, and the old runner can no longer write. And a new
 * payments process resumes, at start, a saga a dead process left behind.
 */
const tracer = trace.getTracer('resume-test');

describe('transfer sagas resume after their runner is gone', () => {
  let bank: Bank;
  let db: ServiceDb;
  let ports: StepPorts;

  beforeAll(async () => {
    // Payments' own runner sweeps never: only the runners of this test run these sagas.
    bank = await startBank({ schedulerIntervalMs: 0 });
    db = await bank.data.database.openSchema(paymentsSchema);
    const client = (peer: string, baseUrl: string) =>
      createServiceClient({ tracer, peerService: peer, baseUrl });
    ports = {
      ledger: httpLedgerPort(client('accounts', bank.accounts.url)),
      partner: httpPartnerPort(client('partner-bank', bank.partner.url)),
      check: async () => ({ ok: true }),
    };
  });
  afterAll(async () => {
    await bank?.close();
  });

  const newTransfer = (from: string, to: Partial<Transfer>): Transfer => ({
    id: `trf_${randomUUID()}`,
    fromAccountId: from,
    amountCents: 1_000,
    status: 'pending',
    createdAt: new Date().toISOString(),
    customerId: 'c-resume',
    ...to,
  });
  const runner = (stepPorts: StepPorts, leaseMs: number) =>
    new SagaRunner({
      store: new SqlSagaStore(db, leaseMs),
      tracer,
      execute: (saga) => executeStep(stepPorts, saga),
      eventOf: (saga, type) => transferEventOf(saga, type, 'payments'),
    });

  /** Ports whose `which` call reaches the service, then never returns to the runner. */
  function droppingAfter(which: 'debit' | 'send') {
    let reached: () => void = () => undefined;
    const applied = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let unblock: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const ledger: LedgerPort = {
      credit: ports.ledger.credit,
      debit: async (call) => {
        const answer = await ports.ledger.debit(call);
        if (which !== 'debit') return answer;
        reached();
        await blocked;
        return answer;
      },
    };
    const partner: PartnerPort = {
      reverse: (key) => (ports.partner as PartnerPort).reverse(key),
      send: async (order) => {
        const answer = await (ports.partner as PartnerPort).send(order);
        if (which !== 'send') return answer;
        reached();
        await blocked;
        return answer;
      },
    };
    return { ports: { ...ports, ledger, partner }, applied, unblock };
  }

  it('finishes an internal transfer whose runner died after the debit, debiting once', async () => {
    const from = await bank.openAccount('c-resume', 5_000);
    const to = await bank.openAccount('c-resume', 0);
    const transfer = newTransfer(from, { toAccountId: to });
    const dying = droppingAfter('debit');
    const a = runner(dying.ports, 300);
    const saga = await a.store.create(
      transfer,
      newTransferSaga(transfer, {}, DEFAULT_TIMINGS),
      a.owner,
    );
    const runA = a.run(saga);
    await dying.applied;
    expect(await bank.balance(from)).toBe(4_000);

    const b = runner(ports, 30_000);
    await eventually(
      async () => ((await b.resumeDue()) > 0 ? true : undefined),
      5_000,
      'B to claim',
    );
    const end = await b.store.find(transfer.id);
    expect(end).toMatchObject({ status: 'completed' });
    expect(end?.steps.debit?.attempts).toBe(2);
    expect(await bank.applied(transfer.id)).toEqual(['credit', 'debit']);
    expect(await bank.balance(from)).toBe(4_000);
    expect(await bank.balance(to)).toBe(1_000);

    dying.unblock();
    expect(await runA).toBe('lost');
    expect((await b.store.find(transfer.id))?.version).toBe(end?.version);
    expect(await bank.balance(from)).toBe(4_000);
    await a.close();
    await b.close();
  });

  it('finishes an external transfer whose runner died after partner-bank accepted, paying once', async () => {
    const audit = async () =>
      (await jsonRequest<Record<string, number>>('GET', `${bank.partner.url}/audit`)).body;
    const before = await audit();
    const from = await bank.openAccount('c-resume', 5_000);
    const transfer = newTransfer(from, { toExternal: { iban: GOOD_IBAN, name: 'Ada' } });
    const dying = droppingAfter('send');
    const a = runner(dying.ports, 300);
    const saga = await a.store.create(
      transfer,
      newTransferSaga(transfer, {}, DEFAULT_TIMINGS),
      a.owner,
    );
    const runA = a.run(saga);
    await dying.applied;

    const b = runner(ports, 30_000);
    await eventually(
      async () => ((await b.resumeDue()) > 0 ? true : undefined),
      5_000,
      'B to claim',
    );
    const end = await b.store.find(transfer.id);
    expect(end).toMatchObject({ status: 'completed' });
    expect(end?.steps.send_external).toMatchObject({ attempts: 2, outcome: 'accepted' });
    const after = await audit();
    expect(after.acceptedCount).toBe(Number(before.acceptedCount) + 1);
    expect(after.acceptedCents).toBe(Number(before.acceptedCents) + 1_000);
    expect(await bank.balance(from)).toBe(4_000);
    dying.unblock();
    expect(await runA).toBe('lost');
    await a.close();
    await b.close();
  });

  it('a new payments process resumes, at start, a saga left behind by a dead one', async () => {
    const from = await bank.openAccount('c-resume', 3_000);
    const to = await bank.openAccount('c-resume', 0);
    const transfer = newTransfer(from, { toAccountId: to });
    // Claimed by a runner that is gone; its claim expires after 100 ms.
    await new SqlSagaStore(db, 100).create(
      transfer,
      newTransferSaga(transfer, {}, DEFAULT_TIMINGS),
      'payments-dead',
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    const next = await startPaymentsService({
      ...common,
      database: bank.data.database,
      bus: bank.bus,
      log: () => undefined,
      accountsUrl: bank.accounts.url,
      schedulerIntervalMs: 0,
    });
    try {
      const done = await eventually(
        async () => {
          const res = await jsonRequest('GET', `${next.url}/transfers/${transfer.id}`);
          return res.body.status === 'completed' ? res : undefined;
        },
        10_000,
        'the left-behind saga to complete',
      );
      expect(done.body).toMatchObject({ saga: { status: 'completed' } });
      expect(await bank.balance(to)).toBe(1_000);
      expect(await bank.notices('c-resume', transfer.id)).toEqual(['transfer_completed']);
    } finally {
      await next.close();
    }
  });
});

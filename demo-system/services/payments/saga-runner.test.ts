import { randomUUID } from 'node:crypto';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceDb } from '../../platform/db';
import { installContextManager } from '../../platform/telemetry';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { eventually } from '../../testing/http';
import { memoryLogs } from '../../testing/memory-logs';
import { paymentsSchema } from './migrations';
import { SagaRunner, type SagaRunnerOptions } from './saga-runner';
import { isTerminal, type SagaInstance, type SagaStep } from './saga-state';
import { SqlSagaStore } from './sql-saga-store';
import type { Transfer } from './transfer';
import { DEFAULT_TIMINGS, type SagaTimings, type StepResult } from './transfer-flow';
import { newTransferSaga, transferEventOf } from './transfer-saga';

/**
 * The saga runner on a real database (PGlite; PostgreSQL with DATABASE_URL) with step doubles:
 * persistence after every step, the outcome event in the completion's transaction, spans
 * under the stored trace context, claims (two runners never run one saga), fencing of a runner
 * whose claim expired, and step timeouts. The resume with real services is in
 * transfer-saga-resume.test.ts.
 */
installContextManager();
const spans = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(spans)],
}).getTracer('saga-runner-test');

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const fast: SagaTimings = {
  ...DEFAULT_TIMINGS,
  deadlinesMs: { ...DEFAULT_TIMINGS.deadlinesMs, send_external: 400 },
  retryBaseMs: 10,
  retryMaxMs: 20,
  holdBaseMs: 30,
  holdMaxMs: 60,
};

function newTransfer(external = false): Transfer {
  return {
    id: `trf_${randomUUID()}`,
    fromAccountId: 'acc_a',
    ...(external
      ? { toExternal: { iban: 'DE89370400440532013000', name: 'Ada' } }
      : { toAccountId: 'acc_b' }),
    amountCents: 700,
    status: 'pending',
    createdAt: new Date().toISOString(),
    customerId: 'c-1',
  };
}

const ok = (saga: SagaInstance): StepResult => ({
  kind: 'done',
  outcome: 'ok',
  ...(saga.step === 'debit' ? { data: { currency: 'EUR' } } : {}),
});

for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`saga runner on ${target.label}`, () => {
    let data: TestDatabase;
    let db: ServiceDb;
    const runners: SagaRunner[] = [];

    const runner = (
      execute: SagaRunnerOptions['execute'],
      extra: Partial<SagaRunnerOptions> & { leaseMs?: number } = {},
    ) => {
      const created = new SagaRunner({
        store: new SqlSagaStore(db, extra.leaseMs ?? 30_000),
        tracer,
        timings: fast,
        execute,
        eventOf: (saga, type) => transferEventOf(saga, type, 'payments'),
        ...extra,
      });
      runners.push(created);
      return created;
    };
    const create = (transfer: Transfer, owner: string | null) =>
      new SqlSagaStore(db, 30_000).create(
        transfer,
        newTransferSaga(transfer, { traceparent: TRACEPARENT }, fast),
        owner,
      );
    const find = (id: string) => new SqlSagaStore(db, 30_000).find(id);
    const outbox = async (id: string) =>
      (
        await db.query<{ event_type: string }>(
          'SELECT event_type FROM outbox WHERE key = $1 ORDER BY sequence',
          [id],
        )
      ).rows.map((r) => r.event_type);

    beforeAll(async () => {
      data = await target.open();
      db = await data.database.openSchema(paymentsSchema);
    });
    afterAll(async () => {
      await Promise.all(runners.map((r) => r.close()));
      await data?.cleanup();
    });
    beforeEach(() => spans.reset());

    it('runs a saga to completion, writing after every step; the event commits with the end', async () => {
      const transfer = newTransfer();
      const steps: SagaStep[] = [];
      const r = runner(async (saga) => {
        steps.push(saga.step);
        // Each step sees the state the previous one persisted.
        expect((await find(saga.id))?.step).toBe(saga.step);
        return ok(saga);
      });
      const saga = await create(transfer, r.owner);
      expect(await r.run(saga)).toBe('terminal');
      expect(steps).toEqual(['debit', 'check', 'credit', 'notify']);
      const end = await find(transfer.id);
      expect(end).toMatchObject({ status: 'completed', step: 'notify', compensations: [] });
      // Created at 1, then a write before and after each of the 4 steps.
      expect(end?.version).toBe(9);
      expect(end?.steps.credit).toMatchObject({ attempts: 1, outcome: 'ok' });
      expect(await outbox(transfer.id)).toEqual(['transfer.completed']);
      const { rows } = await db.query<{ status: string }>(
        'SELECT status FROM transfers WHERE id = $1',
        [transfer.id],
      );
      expect(rows[0]?.status).toBe('completed');

      // Telemetry: a span per step with saga.*, and the saga's own span with its status, all
      // children of the request's context stored with the saga.
      const mine = spans.getFinishedSpans().filter((s) => s.attributes['saga.id'] === transfer.id);
      const stepSpans = mine.filter((s) => s.attributes['saga.step'] !== undefined);
      expect(stepSpans.map((s) => s.name)).toEqual([
        'transfer.debit',
        'transfer.check',
        'transfer.credit',
        'transfer.notify',
      ]);
      expect(stepSpans[0]?.attributes).toMatchObject({
        'saga.name': 'transfer',
        'saga.step': 'debit',
        'saga.step.kind': 'action',
      });
      const own = mine.find((s) => s.name === 'transfer.saga');
      expect(own?.attributes).toMatchObject({ 'saga.status': 'completed' });
      expect(own?.attributes['saga.step']).toBeUndefined();
      for (const span of mine) {
        expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
        expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
      }
    });

    it('two runners never run the same saga at once, and each step runs once', async () => {
      const transfers = Array.from({ length: 6 }, () => newTransfer());
      for (const transfer of transfers) await create(transfer, null);
      const active = new Map<string, number>();
      const executions = new Map<string, number>();
      let overlap = 0;
      const execute = async (saga: SagaInstance) => {
        const now = (active.get(saga.id) ?? 0) + 1;
        active.set(saga.id, now);
        if (now > 1) overlap++;
        const key = `${saga.id}:${saga.step}`;
        executions.set(key, (executions.get(key) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 15));
        active.set(saga.id, (active.get(saga.id) ?? 1) - 1);
        return ok(saga);
      };
      const a = runner(execute);
      const b = runner(execute);
      const claimed = await Promise.all([
        a.resumeDue(10),
        b.resumeDue(10),
        a.resumeDue(10),
        b.resumeDue(10),
      ]);
      const ids = new Set(transfers.map((t) => t.id));
      const sagas = await Promise.all(transfers.map((t) => find(t.id)));
      expect(sagas.map((s) => s?.status)).toEqual(transfers.map(() => 'completed'));
      expect(claimed.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(transfers.length);
      expect(overlap).toBe(0);
      const mine = [...executions].filter(([key]) => ids.has(key.split(':')[0] ?? ''));
      expect(mine).toHaveLength(transfers.length * 4);
      expect(mine.every(([, count]) => count === 1)).toBe(true);
    });

    it('fences a runner whose claim expired: the new claimer finishes, the old one writes nothing', async () => {
      const transfer = newTransfer();
      let releaseStuck: (() => void) | undefined;
      const stuckStarted = new Promise<void>((started) => {
        const a = runner(
          (saga) =>
            saga.step === 'debit'
              ? new Promise<StepResult>((resolve) => {
                  releaseStuck = () => resolve(ok(saga));
                  started();
                })
              : Promise.resolve(ok(saga)),
          { leaseMs: 200 },
        );
        void create(transfer, a.owner).then((saga) => {
          runA = a.run(saga);
        });
      });
      let runA: Promise<unknown> | undefined;
      await stuckStarted;
      const seen: SagaStep[] = [];
      const b = runner(async (saga) => {
        seen.push(saga.step);
        return ok(saga);
      });
      // Not before A's claim expires...
      expect(await b.resumeDue(10)).toBe(0);
      await eventually(async () => ((await b.resumeDue(10)) > 0 ? true : undefined), 5_000);
      expect(seen).toEqual(['debit', 'check', 'credit', 'notify']);
      const done = await find(transfer.id);
      expect(done?.status).toBe('completed');
      releaseStuck?.();
      expect(await runA).toBe('lost');
      expect((await find(transfer.id))?.version).toBe(done?.version);
      expect(await outbox(transfer.id)).toEqual(['transfer.completed']);
    });

    it('goes on with its own new claim once the run that outlived its lease stopped', async () => {
      const transfer = newTransfer();
      let unblock: () => void = () => undefined;
      let debits = 0;
      const r = runner(
        async (saga) => {
          if (saga.step === 'debit' && ++debits === 1) {
            await new Promise<void>((resolve) => {
              unblock = resolve;
            });
          }
          return ok(saga);
        },
        { leaseMs: 150 },
      );
      const first = r.run(await create(transfer, r.owner));
      await new Promise((resolve) => setTimeout(resolve, 250));
      const claimedBefore = (await find(transfer.id))?.version ?? 0;
      const resumed = r.resumeDue(10);
      // Unblock the old run only once the new claim is in the database (it bumps the version):
      // from then on the old run can no longer write.
      await eventually(async () =>
        ((await find(transfer.id))?.version ?? 0) > claimedBefore ? true : undefined,
      );
      unblock();
      expect(await first).toBe('lost');
      expect(await resumed).toBe(1);
      const end = await find(transfer.id);
      expect(end).toMatchObject({ status: 'completed' });
      expect(end?.steps.debit?.attempts).toBe(2);
      expect(await outbox(transfer.id)).toEqual(['transfer.completed']);
    });

    it('times a hanging step out and, past its deadline, reverses and releases', async () => {
      const transfer = newTransfer(true);
      const calls: SagaStep[] = [];
      const { logger, records } = memoryLogs('payments');
      const r = runner(
        async (saga) => {
          calls.push(saga.step);
          if (saga.step === 'send_external') return new Promise<StepResult>(() => undefined);
          return ok(saga);
        },
        { callTimeoutMs: 50, logger },
      );
      const saga = await create(transfer, r.owner);
      expect(await r.run(saga)).toBe('parked');
      const end = await eventually(
        async () => {
          await r.resumeDue(10);
          const current = await find(transfer.id);
          return current && isTerminal(current.status) ? current : undefined;
        },
        5_000,
        'the saga to end',
      );
      expect(end).toMatchObject({
        status: 'compensated',
        reason: 'step_timeout',
        compensations: ['reverse', 'release'],
      });
      expect(end.steps.send_external?.outcome).toBe('timeout');
      expect(end.steps.send_external?.attempts).toBeGreaterThanOrEqual(2);
      expect(calls.filter((s) => s === 'send_external').length).toBe(
        end.steps.send_external?.attempts,
      );
      expect(await outbox(transfer.id)).toEqual(['transfer.compensated']);
      const own = spans
        .getFinishedSpans()
        .filter((s) => s.attributes['saga.id'] === transfer.id && s.name === 'transfer.saga');
      expect(own.at(-1)?.attributes['saga.status']).toBe('compensated');
      const reverse = spans.getFinishedSpans().find((s) => s.name === 'transfer.reverse');
      expect(reverse?.attributes).toMatchObject({
        'saga.name': 'external_transfer',
        'saga.step.kind': 'compensation',
      });
      // Two log lines: compensation starts (in the send_external span), then the end.
      const lines = records.getFinishedLogRecords();
      expect(lines.map((l) => [l.severityText, l.eventName])).toEqual([
        ['WARN', 'saga.compensating'],
        ['WARN', 'saga.compensated'],
      ]);
      const timedOut = spans
        .getFinishedSpans()
        .filter(
          (s) => s.name === 'transfer.send_external' && s.attributes['saga.id'] === transfer.id,
        )
        .at(-1);
      expect(lines[0]?.spanContext?.spanId).toBe(timedOut?.spanContext().spanId);
      expect(String(lines[0]?.body)).toContain('step send_external failed: step_timeout');
    });
  });
}

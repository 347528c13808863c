import { randomUUID } from 'node:crypto';
import { context, defaultTextMapSetter } from '@opentelemetry/api';
import { z } from 'zod';
import type { EventBus } from '../../platform/bus/event-bus';
import type { Database } from '../../platform/db';
import { createServiceClient } from '../../platform/http-client';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import { httpLedgerPort } from '../../platform/ledger-client';
import { startOutboxRelay } from '../../platform/outbox';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { startSweeper } from '../../platform/sweeper';
import { telemetryFor, traceContextPropagator } from '../../platform/telemetry';
import { paymentsSchema } from './migrations';
import { httpPartnerPort } from './partner-port';
import { SagaRunner } from './saga-runner';
import { SqlSagaStore } from './sql-saga-store';
import { SqlTransfers } from './sql-transfers';
import { httpStatusOfTransfer, presentTransfer, type Transfer } from './transfer';
import { CHECK_RULES, type CheckRules, decideChecks, spenderKey } from './transfer-checks';
import { DEFAULT_TIMINGS, type SagaTimings } from './transfer-flow';
import { newTransferSaga, transferEventOf } from './transfer-saga';
import { executeStep } from './transfer-steps';

export const PAYMENTS_SERVICE = 'payments';

const accountId = z.string().trim().min(1).max(100);
/** Shape only (country, check digits, 10-30 alphanumerics); partner-bank checks the digits. */
const payee = z.object({
  iban: z
    .string()
    .transform((value) => value.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'must look like an IBAN')),
  name: z.string().trim().min(1).max(100),
});
const transferBody = z
  .object({
    fromAccountId: accountId,
    toAccountId: accountId.optional(),
    toExternal: payee.optional(),
    amountCents: z.number().int().positive().max(1_000_000_000_000),
  })
  .refine((body) => (body.toAccountId === undefined) !== (body.toExternal === undefined), {
    message: 'give exactly one of toAccountId and toExternal',
    path: ['toAccountId'],
  })
  .refine((body) => body.fromAccountId !== body.toAccountId, {
    message: 'must differ from fromAccountId',
    path: ['toAccountId'],
  });
const idParams = z.object({ id: z.string().min(1).max(100) });

export interface PaymentsServiceOptions extends ServiceStartOptions {
  /** Base URL of the accounts service. */
  accountsUrl: string;
  /** Base URL of partner-bank (through the sidecar egress); without it external transfers get 503. */
  partnerBankUrl?: string;
  /** The platform's database; the service opens (and migrates) its own schema in it. */
  database: Database;
  /** The event bus `transfer.completed` / `transfer.compensated` are published on (outbox relay). */
  bus: EventBus;
  log?: (line: string) => void;
  /** How often the sweeper resumes sagas that are due (default 1000 ms; 0 = never). */
  schedulerIntervalMs?: number;
  /** First wait before retrying a step partner-bank could not answer, doubling (default 1000 ms). */
  holdBaseMs?: number;
  /** Longest wait between two attempts of a parked step (default 30 000 ms). */
  holdMaxMs?: number;
  /** Step deadlines and retry waits (defaults: transfer-flow.ts DEFAULT_TIMINGS). */
  timings?: {
    deadlinesMs?: Partial<SagaTimings['deadlinesMs']>;
    retryBaseMs?: number;
    retryMaxMs?: number;
  };
  /** Longest one step call may take (default 10 000 ms). */
  callTimeoutMs?: number;
  /** How long a runner's claim on a saga lasts without a write (default 30 000 ms). */
  leaseMs?: number;
  /** How long POST /transfers waits for the saga to end before answering 202 (default 10 s). */
  waitMs?: number;
  /** The check step's limits and fraud rules (default CHECK_RULES). */
  checkRules?: CheckRules;
}

/**
 * Starts the payments service: transfers as orchestrated sagas (saga-runner.ts) persisted in
 * its schema, resumed at start and by the sweeper; outcomes published through the outbox.
 */
export async function startPaymentsService(
  options: PaymentsServiceOptions,
): Promise<RunningService> {
  // First, so a failing migration leaves nothing to clean up.
  const db = await options.database.openSchema(paymentsSchema);
  const { telemetry, release } = telemetryFor(options, PAYMENTS_SERVICE);
  const { tracer } = telemetry;
  const log = options.log ?? ((line: string) => console.error(line));
  const client = (peerService: string, baseUrl: string, timeoutMs?: number) =>
    createServiceClient({ tracer, peerService, baseUrl, ...(timeoutMs ? { timeoutMs } : {}) });
  const accounts = client('accounts', options.accountsUrl);
  const partnerBank = options.partnerBankUrl
    ? client('partner-bank', options.partnerBankUrl, 5_000)
    : undefined;
  const timings: SagaTimings = {
    deadlinesMs: { ...DEFAULT_TIMINGS.deadlinesMs, ...options.timings?.deadlinesMs },
    retryBaseMs: options.timings?.retryBaseMs ?? DEFAULT_TIMINGS.retryBaseMs,
    retryMaxMs: options.timings?.retryMaxMs ?? DEFAULT_TIMINGS.retryMaxMs,
    holdBaseMs: options.holdBaseMs ?? DEFAULT_TIMINGS.holdBaseMs,
    holdMaxMs: options.holdMaxMs ?? DEFAULT_TIMINGS.holdMaxMs,
  };
  const rules = options.checkRules ?? CHECK_RULES;
  const store = new SqlSagaStore(db, options.leaseMs ?? 30_000);
  const transfers = new SqlTransfers(db);
  const relay = startOutboxRelay({ service: PAYMENTS_SERVICE, db, bus: options.bus, tracer, log });
  const ledger = httpLedgerPort(accounts);
  const partner = partnerBank ? httpPartnerPort(partnerBank) : undefined;
  const runner = new SagaRunner({
    store,
    tracer,
    logger: telemetry.logger,
    timings,
    log,
    ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
    execute: (saga) =>
      executeStep(
        {
          ledger,
          partner,
          check: async ({ data }) =>
            decideChecks(
              {
                amountCents: data.amountCents,
                ...(data.toExternal ? { payeeName: data.toExternal.name } : {}),
                sentTodayCents: await transfers.sentSinceCents(spenderKey(data), data.transferId),
              },
              rules,
            ),
        },
        saga,
      ),
    eventOf: (saga, type) => transferEventOf(saga, type, PAYMENTS_SERVICE),
    onEvent: () => relay.wake(),
  });
  const scheduler = startSweeper(PAYMENTS_SERVICE, options.schedulerIntervalMs ?? 1_000, () =>
    runner.resumeDue(),
  );
  // Sagas a previous process left running or compensating go on now.
  void scheduler.runOnce();
  const waitMs = options.waitMs ?? 10_000;
  const app = createServiceApp({ serviceName: PAYMENTS_SERVICE, tracer, logger: telemetry.logger });

  app.post('/transfers', async (request, reply) => {
    const body = parseOr400(transferBody, request.body);
    if (body.toExternal && !partner) {
      throw new HttpError(503, 'external_transfers_unavailable', {
        message: 'partner-bank is not configured',
      });
    }
    const caller = request.headers['x-customer-id'];
    const transfer: Transfer = {
      id: `trf_${randomUUID()}`,
      fromAccountId: body.fromAccountId,
      ...(body.toAccountId !== undefined ? { toAccountId: body.toAccountId } : {}),
      ...(body.toExternal !== undefined ? { toExternal: body.toExternal } : {}),
      amountCents: body.amountCents,
      status: 'pending',
      createdAt: new Date().toISOString(),
      ...(typeof caller === 'string' ? { customerId: caller } : {}),
    };
    const traceContext: Record<string, string> = {};
    traceContextPropagator.inject(context.active(), traceContext, defaultTextMapSetter);
    const saga = await store.create(
      transfer,
      newTransferSaga(transfer, traceContext, timings),
      runner.owner,
    );
    const run = runner.run(saga).catch((error: unknown) => {
      log(`payments: saga ${saga.id}: ${(error as Error).message}`);
    });
    await settledWithin(run, waitMs);
    const current = await transfers.find(transfer.id);
    if (!current) throw new Error(`transfer ${transfer.id} vanished`);
    reply.code(httpStatusOfTransfer(current));
    return presentTransfer(current);
  });

  app.get('/transfers/:id', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    const transfer = await transfers.find(id);
    const caller = request.headers['x-customer-id'];
    if (
      !transfer ||
      (typeof caller === 'string' && transfer.customerId && transfer.customerId !== caller)
    ) {
      throw new HttpError(404, 'transfer_not_found', { transferId: id });
    }
    return presentTransfer(transfer);
  });

  // The money invariant's view of payments (internal: not routed by the gateway).
  app.get('/audit', async () => transfers.audit());

  const bound = await listen(app, options.host, options.port);
  return {
    name: PAYMENTS_SERVICE,
    ...bound,
    close: async () => {
      await scheduler.stop();
      await runner.close();
      await relay.stop();
      await app.close();
      await Promise.all([accounts.close(), partnerBank?.close()]);
      await release();
    },
  };
}

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

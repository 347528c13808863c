import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { Database } from '../../platform/db';
import { createServiceClient } from '../../platform/http-client';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import { httpLedgerPort } from '../../platform/ledger-client';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { startSweeper } from '../../platform/sweeper';
import { telemetryFor } from '../../platform/telemetry';
import { paymentsSchema } from './migrations';
import { httpNotifier } from './notifier';
import { httpPartnerPort } from './partner-port';
import { SqlTransfersRepository } from './sql-transfers-repository';
import { httpStatusOfTransfer, presentTransfer, type Transfer } from './transfer';
import { TransferProcessor } from './transfer-processor';

/** saga.status (conventions: running | compensating | completed | compensated | failed). */
const SAGA_STATUS_OF_TRANSFER: Partial<Record<string, string>> = {
  pending: 'running',
  held: 'running',
  completed: 'completed',
  failed: 'failed',
};

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
  /** Base URL of notifications; without it no completion notice is sent. */
  notificationsUrl?: string;
  /** The platform's database; the service opens (and migrates) its own schema in it. */
  database: Database;
  /** How often the scheduler looks for held transfers and pending notices (default 1000 ms; 0 = never). */
  schedulerIntervalMs?: number;
  /** First wait before retrying a held transfer, doubling per attempt (default 1000 ms). */
  holdBaseMs?: number;
  /** Longest wait between two attempts of a held transfer (default 30 000 ms). */
  holdMaxMs?: number;
}

/** Starts the payments service: internal and external transfers as sagas over the ledger. */
export async function startPaymentsService(
  options: PaymentsServiceOptions,
): Promise<RunningService> {
  // First, so a failing migration leaves nothing to clean up.
  const repository = new SqlTransfersRepository(await options.database.openSchema(paymentsSchema));
  const { telemetry, release } = telemetryFor(options, PAYMENTS_SERVICE);
  const { tracer } = telemetry;
  const client = (peerService: string, baseUrl: string, timeoutMs?: number) =>
    createServiceClient({ tracer, peerService, baseUrl, ...(timeoutMs ? { timeoutMs } : {}) });
  const accounts = client('accounts', options.accountsUrl);
  const partnerBank = options.partnerBankUrl
    ? client('partner-bank', options.partnerBankUrl, 5_000)
    : undefined;
  const notifications = options.notificationsUrl
    ? client('notifications', options.notificationsUrl)
    : undefined;
  const processor = new TransferProcessor({
    tracer,
    repository,
    ledger: httpLedgerPort(accounts),
    partner: partnerBank ? httpPartnerPort(partnerBank) : undefined,
    notifier: httpNotifier(notifications),
    holdBaseMs: options.holdBaseMs ?? 1_000,
    holdMaxMs: options.holdMaxMs ?? 30_000,
  });
  const scheduler = startSweeper(PAYMENTS_SERVICE, options.schedulerIntervalMs ?? 1_000, () =>
    processor.sweep(),
  );
  const app = createServiceApp({ serviceName: PAYMENTS_SERVICE, tracer });

  app.post('/transfers', async (request, reply) => {
    const body = parseOr400(transferBody, request.body);
    if (body.toExternal && !processor.acceptsExternal) {
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
    await repository.save(transfer);
    request.serverSpan?.setAttribute(sagaAttributes.id, transfer.id);
    const done = await processor.process(transfer);
    // The saga's own span (no saga.step): it reports the saga's status where payments knows
    // it; a rejection is left to the collectors, which see whether a compensation ran.
    const sagaStatus = SAGA_STATUS_OF_TRANSFER[done.status];
    if (sagaStatus) request.serverSpan?.setAttribute(sagaAttributes.status, sagaStatus);
    reply.code(httpStatusOfTransfer(done));
    return presentTransfer(done);
  });

  app.get('/transfers/:id', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    const transfer = await repository.find(id);
    const caller = request.headers['x-customer-id'];
    if (
      !transfer ||
      (typeof caller === 'string' && transfer.customerId && transfer.customerId !== caller)
    ) {
      throw new HttpError(404, 'transfer_not_found', { transferId: id });
    }
    return presentTransfer(transfer);
  });

  const bound = await listen(app, options.host, options.port);
  return {
    name: PAYMENTS_SERVICE,
    ...bound,
    close: async () => {
      await app.close();
      await scheduler.stop();
      await Promise.all([accounts.close(), partnerBank?.close(), notifications?.close()]);
      await release();
    },
  };
}

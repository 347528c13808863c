import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { Database } from '../../platform/db';
import { createServiceClient } from '../../platform/http-client';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { createServiceTelemetry } from '../../platform/telemetry';
import { httpLedgerPort } from './ledger-port';
import { paymentsSchema } from './migrations';
import { SqlTransfersRepository } from './sql-transfers-repository';
import { httpStatusOf, type Transfer } from './transfer';
import { runTransferSaga } from './transfer-saga';

export const PAYMENTS_SERVICE = 'payments';

const accountId = z.string().trim().min(1).max(100);
const transferBody = z
  .object({
    fromAccountId: accountId,
    toAccountId: accountId,
    amountCents: z.number().int().positive().max(1_000_000_000_000),
  })
  .refine((body) => body.fromAccountId !== body.toAccountId, {
    message: 'must differ from fromAccountId',
    path: ['toAccountId'],
  });
const idParams = z.object({ id: z.string().min(1).max(100) });

export interface PaymentsServiceOptions extends ServiceStartOptions {
  /** Base URL of the accounts service. */
  accountsUrl: string;
  /** The platform's database; the service opens (and migrates) its own schema in it. */
  database: Database;
}

/** Starts the payments service: runs transfers as a saga over the accounts ledger. */
export async function startPaymentsService(
  options: PaymentsServiceOptions,
): Promise<RunningService> {
  // First, so a failing migration leaves nothing to clean up.
  const repository = new SqlTransfersRepository(await options.database.openSchema(paymentsSchema));
  const telemetry = createServiceTelemetry({
    serviceName: PAYMENTS_SERVICE,
    otlpEndpoint: options.otlpEndpoint,
  });
  const { tracer } = telemetry;
  const accounts = createServiceClient({
    tracer,
    peerService: 'accounts',
    baseUrl: options.accountsUrl,
  });
  const ledger = httpLedgerPort(accounts);
  const app = createServiceApp({ serviceName: PAYMENTS_SERVICE, tracer });

  app.post('/transfers', async (request, reply) => {
    const body = parseOr400(transferBody, request.body);
    const transfer: Transfer = {
      id: `trf_${randomUUID()}`,
      ...body,
      status: 'pending',
      createdAt: new Date().toISOString(),
    };
    await repository.save(transfer);
    request.serverSpan?.setAttribute(sagaAttributes.id, transfer.id);
    const outcome = await runTransferSaga(tracer, ledger, transfer);
    const done: Transfer = { ...transfer, ...outcome };
    await repository.save(done);
    request.serverSpan?.setAttribute(sagaAttributes.status, outcome.status);
    reply.code(httpStatusOf(outcome));
    return done;
  });

  app.get('/transfers/:id', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    const transfer = await repository.find(id);
    if (!transfer) throw new HttpError(404, 'transfer_not_found', { transferId: id });
    return transfer;
  });

  const bound = await listen(app, options.host, options.port);
  return {
    name: PAYMENTS_SERVICE,
    ...bound,
    close: async () => {
      await app.close();
      await accounts.close();
      await telemetry.shutdown();
    },
  };
}

import { randomUUID } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import { z } from 'zod';
import type { Database } from '../../platform/db';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, isOperationalRoute, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { telemetryFor } from '../../platform/telemetry';
import { type Behaviour, behaviourSchema, decideBehaviour, HEALTHY } from './behaviour';
import { FUND_CATALOG } from './funds';
import { MarketWalk, mulberry32 } from './market';
import { partnerBankSchema } from './migrations';
import { decideExternalTransfer, maskIban } from './payee-rules';
import { type ExternalTransfer, ExternalTransfersRepository } from './transfers-repository';

export const PARTNER_BANK_SERVICE = 'partner-bank';

const transferBody = z.object({
  payee: z.object({
    iban: z.string().trim().min(5).max(42),
    name: z.string().trim().min(1).max(100),
  }),
  amountCents: z.number().int().positive().max(1_000_000_000_000),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
});
const idParams = z.object({ id: z.string().min(1).max(200) });
const idempotencyKey = z.string().trim().min(1).max(200);

export interface PartnerBankServiceOptions extends ServiceStartOptions {
  /** The platform's database; partner-bank keeps its own schema (`partner_bank`) in it. */
  database: Database;
  /** Seeds the price walk and the failure draws (default 7). */
  seed?: number;
  /** One price step per tick (default 1000 ms). */
  priceTickMs?: number;
  /** Starting behaviour (default healthy). */
  behaviour?: Partial<Behaviour>;
  now?: () => number;
}

export interface PartnerBankService extends RunningService {
  behaviour(): Behaviour;
}

/**
 * Starts partner-bank: the EXTERNAL third party (outside the mesh, plain HTTP). It takes
 * external payee transfers (idempotent by Idempotency-Key), publishes fund prices, and can be
 * made slow, flaky or down at run time through `PUT /admin/behaviour`.
 */
export async function startPartnerBankService(
  options: PartnerBankServiceOptions,
): Promise<PartnerBankService> {
  const transfers = new ExternalTransfersRepository(
    await options.database.openSchema(partnerBankSchema),
  );
  const { telemetry, release } = telemetryFor(options, PARTNER_BANK_SERVICE);
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 7;
  const market = new MarketWalk({ funds: FUND_CATALOG, seed });
  const startedAt = now();
  const tickMs = options.priceTickMs ?? 1_000;
  const draw = mulberry32(seed ^ 0x5eed);
  let behaviour: Behaviour = behaviourSchema.parse({ ...HEALTHY, ...options.behaviour });

  const app = createServiceApp({
    serviceName: PARTNER_BANK_SERVICE,
    tracer: telemetry.tracer,
    logger: telemetry.logger,
    health: () => ({ status: 'ok', service: PARTNER_BANK_SERVICE, behaviour }),
  });

  // Misbehaviour applies to business routes only; /health, /audit and /admin always answer.
  app.addHook('preHandler', async (request, reply) => {
    if (isOperationalRoute(request.routeOptions.url)) return;
    const current = behaviour;
    if (current.latencyMs > 0) await sleep(current.latencyMs);
    const decision = decideBehaviour(current, draw());
    if (decision.kind === 'drop') {
      request.serverSpan?.setStatus({ code: SpanStatusCode.ERROR, message: 'outage: dropped' });
      request.serverSpan?.end();
      request.serverSpan = null;
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (decision.kind === 'fail') {
      reply.code(503).header('retry-after', '1');
      return reply.send({ error: 'partner_unavailable', message: 'partner-bank is failing' });
    }
  });

  app.get('/admin/behaviour', async () => behaviour);
  app.put('/admin/behaviour', async (request) => {
    behaviour = parseOr400(behaviourSchema, request.body ?? {});
    return behaviour;
  });

  app.get('/market-data/prices', async () => {
    const tick = Math.max(0, Math.floor((now() - startedAt) / tickMs));
    return { asOf: new Date(now()).toISOString(), prices: market.pricesAt(tick) };
  });

  app.post('/transfers', async (request, reply) => {
    const keyHeader = request.headers['idempotency-key'];
    const key = idempotencyKey.safeParse(Array.isArray(keyHeader) ? keyHeader[0] : keyHeader);
    if (!key.success) {
      throw new HttpError(400, 'idempotency_key_required', {
        message: 'send an Idempotency-Key header (1-200 characters)',
      });
    }
    const body = parseOr400(transferBody, request.body);
    const decision = decideExternalTransfer(body);
    const { transfer, created } = await transfers.record({
      id: `ext_${randomUUID()}`,
      idempotencyKey: key.data,
      ...body,
      status: decision.ok ? 'accepted' : 'refused',
      ...(decision.ok ? {} : { error: decision.error }),
      createdAt: new Date(now()).toISOString(),
    });
    if (!created && !sameRequest(transfer, body)) {
      throw new HttpError(409, 'idempotency_key_conflict', {
        message: 'this Idempotency-Key was used for a different transfer',
      });
    }
    if (!created) reply.header('idempotent-replayed', 'true');
    if (transfer.reversedAt) {
      reply.code(422);
      return { ...present(transfer), error: 'order_reversed' };
    }
    reply.code(transfer.status === 'accepted' ? 201 : 422);
    return present(transfer);
  });

  // Undoes an order, named by its id or by the Idempotency-Key it was sent with (the caller
  // may not know whether it arrived). Idempotent; a key never received is remembered, so the
  // order is refused if it arrives later.
  app.post('/transfers/:id/reversal', async (request, reply) => {
    const { id } = parseOr400(idParams, request.params);
    const key = (await transfers.find(id))?.idempotencyKey ?? id;
    const reversal = await transfers.reverse(key);
    if (!reversal.created) reply.header('idempotent-replayed', 'true');
    return {
      transferId: reversal.transfer?.id ?? null,
      status: reversal.reversed ? 'reversed' : 'nothing_to_reverse',
      reversed: reversal.reversed,
      amountCents: reversal.reversed ? (reversal.transfer?.amountCents ?? 0) : 0,
    };
  });

  // What partner-bank paid out, for the money invariant (internal, like /admin).
  app.get('/audit', async () => transfers.audit());

  app.get('/transfers/:id', async (request) => {
    const { id } = parseOr400(idParams, request.params);
    const transfer = await transfers.find(id);
    if (!transfer) throw new HttpError(404, 'transfer_not_found', { transferId: id });
    return present(transfer);
  });

  const bound = await listen(app, options.host, options.port);
  return {
    name: PARTNER_BANK_SERVICE,
    ...bound,
    behaviour: () => behaviour,
    close: async () => {
      await app.close();
      await release();
    },
  };
}

function sameRequest(recorded: ExternalTransfer, body: z.infer<typeof transferBody>): boolean {
  return (
    recorded.payee.iban === body.payee.iban &&
    recorded.amountCents === body.amountCents &&
    recorded.currency === body.currency
  );
}

/** The answer for a transfer: a refusal is `{ error, ... }` so callers read it as one. */
function present(transfer: ExternalTransfer) {
  const { idempotencyKey: _key, payee, error, reversedAt, ...rest } = transfer;
  return {
    ...(error ? { error } : {}),
    ...rest,
    ...(reversedAt ? { status: 'reversed' as const, reversedAt } : {}),
    payee: { iban: maskIban(payee.iban), name: payee.name },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

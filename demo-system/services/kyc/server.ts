import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../platform/db';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { telemetryFor } from '../../platform/telemetry';
import { withSpan } from '../../platform/with-span';
import { checkDocument, fingerprint, maskDocument } from './checks';
import { KycChecksRepository } from './checks-repository';
import { kycSchema } from './migrations';

export const KYC_SERVICE = 'kyc';

const customerParams = z.object({
  customerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a customer id'),
});
const kycBody = z.object({
  name: z.string().trim().min(1).max(100),
  document: z.string().trim().min(1).max(40),
});

export interface KycServiceOptions extends ServiceStartOptions {
  database: Database;
}

/**
 * Starts the kyc service: identity checks per customer (`checks.ts` holds the rule). An
 * approved customer stays approved: a new submission answers the approved check unchanged.
 */
export async function startKycService(options: KycServiceOptions): Promise<RunningService> {
  const checks = new KycChecksRepository(await options.database.openSchema(kycSchema));
  const { telemetry, release } = telemetryFor(options, KYC_SERVICE);
  const { tracer } = telemetry;
  const app = createServiceApp({ serviceName: KYC_SERVICE, tracer, logger: telemetry.logger });

  const customerOf = (request: { params: unknown; headers: Record<string, unknown> }) => {
    const { customerId } = parseOr400(customerParams, request.params);
    const caller = request.headers['x-customer-id'];
    if (typeof caller === 'string' && caller !== customerId) {
      throw new HttpError(403, 'forbidden', { message: "a customer's identity check is theirs" });
    }
    return customerId;
  };

  app.post('/customers/:customerId/kyc', async (request, reply) => {
    const customerId = customerOf(request);
    const body = parseOr400(kycBody, request.body);
    const current = await checks.latest(customerId);
    if (current?.status === 'approved') return current;
    const decision = await withSpan(
      tracer,
      'kyc.check_document',
      { 'kyc.customer.id': customerId },
      async (span) => {
        const result = checkDocument(body.document);
        span.setAttribute('kyc.status', result.status);
        if (result.reason) span.setAttribute('kyc.reason', result.reason);
        return result;
      },
    );
    const check = {
      id: `kyc_${randomUUID()}`,
      customerId,
      name: body.name,
      document: maskDocument(body.document),
      ...decision,
      checkedAt: new Date().toISOString(),
    };
    await checks.add(check, fingerprint(body.document));
    reply.code(201);
    return check;
  });

  app.get('/customers/:customerId/kyc', async (request) => {
    const customerId = customerOf(request);
    const check = await checks.latest(customerId);
    if (!check) throw new HttpError(404, 'kyc_not_submitted', { customerId });
    return check;
  });

  const bound = await listen(app, options.host, options.port);
  return {
    name: KYC_SERVICE,
    ...bound,
    close: async () => {
      await app.close();
      await release();
    },
  };
}

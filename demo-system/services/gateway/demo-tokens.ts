import { randomUUID } from 'node:crypto';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import {
  CUSTOMER_ID_PATTERN,
  type IssuedToken,
  type TokenRequest,
} from '../../platform/auth/tokens';
import { parseOr400 } from '../../platform/http-errors';
import { DEMO_TOKEN_ROUTE } from './routes';

/**
 * DEMO ONLY: `POST /v1/auth/demo-token {customerId?, name?}` creates a demo user (a customer
 * id, random when omitted) and hands back a customer-scoped token for it, no questions asked.
 * A real bank would sit an identity provider here. It is served only when demo tokens are on
 * (by default, when the gateway binds to a loopback address).
 */

const demoTokenBody = z
  .object({
    customerId: z
      .string()
      .regex(CUSTOMER_ID_PATTERN, 'letters, digits, "-" and "_", at most 64')
      .optional(),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export function registerDemoTokenRoute(
  app: FastifyInstance,
  issue: (request: TokenRequest) => Promise<IssuedToken>,
  access: onRequestAsyncHookHandler,
): void {
  app.post(DEMO_TOKEN_ROUTE, { onRequest: access }, async (request, reply) => {
    const body = parseOr400(demoTokenBody, request.body ?? {});
    const issued = await issue({
      customerId: body.customerId ?? `c-${randomUUID().slice(0, 8)}`,
      ...(body.name ? { name: body.name } : {}),
    });
    reply.code(201).header('cache-control', 'no-store');
    return { ...issued, demoOnly: true };
  });
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isLoopbackHost } from '../platform/config';
import { HEALTH_PATH } from '../platform/http-server';

/**
 * The control plane steers the bank (traffic, faults), so beyond loopback it needs a bearer
 * token: CONTROL_TOKEN. Without a token it refuses to bind anywhere but loopback. GET /health
 * stays open, so launchers and probes need no secret to see that it is up.
 */

export const CONTROL_REALM = 'patternscope-control';

export function assertControlExposure(host: string, token: string | undefined): void {
  if (!token && !isLoopbackHost(host)) {
    throw new Error(
      `control plane: refusing to bind to ${host} without a token; set CONTROL_TOKEN (or bind to 127.0.0.1)`,
    );
  }
}

/** Answers 401 to every request but GET /health unless it carries `Bearer <token>`. */
export function requireBearer(app: FastifyInstance, token: string): void {
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && request.url === HEALTH_PATH) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // Compare digests: equal length, constant time, whatever the caller sent.
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) return;
    reply
      .code(401)
      .header(
        'www-authenticate',
        match
          ? `Bearer realm="${CONTROL_REALM}", error="invalid_token"`
          : `Bearer realm="${CONTROL_REALM}"`,
      )
      .send({ error: 'unauthenticated', message: 'send Authorization: Bearer <CONTROL_TOKEN>' });
    return reply;
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

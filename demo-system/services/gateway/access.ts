import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { type Principal, readBearer, verifyToken } from '../../platform/auth/tokens';
import { type RateLimiter, rateLimitHeaders } from './rate-limit';

/**
 * Who may call a route, checked on every request before the body is read:
 * 1. the bearer token, if any, is verified (HS256, issuer, audience, expiry);
 * 2. the client spends one point of its rate limit, keyed by the token's customer id, or by
 *    the client IP when there is no valid token: 429 with Retry-After once spent;
 * 3. a protected route then needs a valid token (401, RFC 6750 WWW-Authenticate) carrying
 *    the route's scope (403 insufficient_scope).
 */

export const AUTH_REALM = 'patternscope-bank';

export interface AccessControl {
  /** onRequest hook for a route needing `scope`, or `null` for a public route. */
  hook(scope: string | null): onRequestAsyncHookHandler;
  /** The verified caller of a request that passed a protected hook. */
  principal(request: FastifyRequest): Principal | undefined;
}

export function createAccessControl(options: {
  key: Uint8Array;
  limiter: RateLimiter | null;
  /** Told of every 429, with the route template (for the rate-limit rejection counter). */
  onRateLimited?: (route: string | undefined) => void;
}): AccessControl {
  const principals = new WeakMap<FastifyRequest, Principal>();

  const hook =
    (scope: string | null): onRequestAsyncHookHandler =>
    async (request, reply) => {
      const credentials = readBearer(request.headers.authorization);
      const verified =
        credentials.kind === 'bearer' ? await verifyToken(options.key, credentials.token) : null;
      const principal = verified?.ok ? verified.principal : undefined;

      if (options.limiter) {
        const key = principal ? `customer:${principal.customerId}` : `ip:${request.ip}`;
        const decision = await options.limiter.check(key);
        reply.headers(rateLimitHeaders(decision, options.limiter.settings));
        if (!decision.allowed) {
          options.onRateLimited?.(request.routeOptions.url);
          reply.header('retry-after', String(decision.retryAfterSeconds));
          return refuse(reply, 429, {
            error: 'rate_limited',
            message: `too many requests; retry in ${decision.retryAfterSeconds} s`,
            retryAfterSeconds: decision.retryAfterSeconds,
          });
        }
      }
      if (scope === null) return;

      if (credentials.kind === 'none') {
        reply.header('www-authenticate', `Bearer realm="${AUTH_REALM}"`);
        return refuse(reply, 401, {
          error: 'unauthenticated',
          message: 'send Authorization: Bearer <token> (see the README: demo users and tokens)',
        });
      }
      if (!principal) {
        const description =
          verified && !verified.ok ? verified.description : 'the Authorization header is malformed';
        reply.header(
          'www-authenticate',
          `Bearer realm="${AUTH_REALM}", error="invalid_token", error_description="${quotable(description)}"`,
        );
        return refuse(reply, 401, { error: 'invalid_token', message: description });
      }
      if (!principal.scopes.has(scope)) {
        reply.header(
          'www-authenticate',
          `Bearer realm="${AUTH_REALM}", error="insufficient_scope", scope="${scope}"`,
        );
        return refuse(reply, 403, {
          error: 'insufficient_scope',
          message: `this route needs the "${scope}" scope`,
          scope,
        });
      }
      principals.set(request, principal);
    };

  return { hook, principal: (request) => principals.get(request) };
}

function refuse(reply: FastifyReply, status: number, body: Record<string, unknown>) {
  reply.code(status).send(body);
  return reply;
}

/** Keeps a text inside an RFC 7235 quoted-string. */
function quotable(text: string): string {
  return text.replace(/["\\]/g, "'");
}

import type { preHandlerAsyncHookHandler } from 'fastify';
import { resilienceAttributes, resilienceMetrics } from '../../../collectors/contracts/conventions';
import { resolveJwtSecret } from '../../platform/auth/jwt-secret';
import {
  ADMIN_SCOPE,
  type IssuedToken,
  issueToken,
  type TokenRequest,
} from '../../platform/auth/tokens';
import { createServiceClient, type ServiceClient, UpstreamError } from '../../platform/http-client';
import { HttpError } from '../../platform/http-errors';
import { createServiceApp, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { telemetryFor } from '../../platform/telemetry';
import { createAccessControl } from './access';
import { type GatewayConfig, parseGatewayConfig } from './config';
import { registerDemoTokenRoute } from './demo-tokens';
import { fetchOverview, isEmpty, type OverviewSection, overviewV1, overviewV2 } from './overview';
import { createRateLimiter } from './rate-limit';
import { gatewayRoutes, overviewRoutes, type Upstream, v1LifecycleHeaders } from './routes';

export const GATEWAY_SERVICE = 'gateway';

/** Header the gateway adds to every upstream call: the authenticated customer. */
export const CUSTOMER_HEADER = 'x-customer-id';

export interface GatewayServiceOptions extends ServiceStartOptions {
  accountsUrl: string;
  paymentsUrl: string;
  /** Optional backends of the customer overview; a missing one makes the overview partial. */
  lendingUrl?: string;
  wealthUrl?: string;
  /** Backends of the product routes; a route to one not configured answers 503. */
  kycUrl?: string;
  notificationsUrl?: string;
  /** Overrides of the settings read from the environment (`parseGatewayConfig`). */
  config?: Partial<GatewayConfig>;
  /** Folder of the generated JWT secret (`<dataDir>/gateway/jwt-secret`); the repo's `.data/`. */
  dataDir?: string;
  /** Extra checks after authentication and rate limiting. Throw an HttpError to refuse. */
  guards?: preHandlerAsyncHookHandler[];
  log?: (line: string) => void;
}

export interface GatewayService extends RunningService {
  /** Signs a token with the gateway's secret (for the embedded traffic generator). */
  issueToken(request: TokenRequest): Promise<IssuedToken>;
}

/** Starts the API gateway: the bank's only public entry. */
export async function startGatewayService(options: GatewayServiceOptions): Promise<GatewayService> {
  const config: GatewayConfig = {
    ...parseGatewayConfig(process.env, options.host),
    ...options.config,
  };
  const log = options.log ?? ((line: string) => console.log(line));
  const secret = await resolveJwtSecret({
    ...(config.jwtSecret !== undefined ? { secret: config.jwtSecret } : {}),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
  });
  if (secret.source === 'file-created') log(`gateway: generated a JWT secret in ${secret.path}`);
  const issue = (request: TokenRequest) =>
    issueToken(secret.key, { ttlSeconds: config.tokenTtlSeconds, ...request });

  const { telemetry, release } = telemetryFor(options, GATEWAY_SERVICE);
  const { tracer } = telemetry;
  const rateLimitRejections = telemetry.meter.createCounter(resilienceMetrics.rateLimitRejections, {
    description: 'Requests the gateway refused with 429 (per-client rate limit)',
  });
  const client = (peerService: string, baseUrl: string, timeoutMs: number) =>
    createServiceClient({ tracer, peerService, baseUrl, timeoutMs });
  const optional = (peer: Upstream, baseUrl: string | undefined, timeoutMs: number) =>
    baseUrl ? { [peer]: client(peer, baseUrl, timeoutMs) } : {};
  const upstreams: Partial<Record<Upstream, ServiceClient>> = {
    accounts: client('accounts', options.accountsUrl, 3_000),
    // A transfer makes several idempotent ledger calls (with retries) before it answers.
    payments: client('payments', options.paymentsUrl, 15_000),
    // Loans and orders call accounts (and kyc) with retries before they answer.
    ...optional('lending', options.lendingUrl, 15_000),
    ...optional('wealth', options.wealthUrl, 15_000),
    ...optional('kyc', options.kycUrl, 3_000),
    ...optional('notifications', options.notificationsUrl, 3_000),
  };
  const overviewClients: Partial<Record<OverviewSection, ServiceClient>> = {
    accounts: upstreams.accounts,
    ...(upstreams.lending ? { lending: upstreams.lending } : {}),
    ...(upstreams.wealth ? { wealth: upstreams.wealth } : {}),
  };
  const access = createAccessControl({
    key: secret.key,
    limiter: config.rateLimit ? createRateLimiter(config.rateLimit) : null,
    onRateLimited: (route) =>
      rateLimitRejections.add(1, { [resilienceAttributes.target]: route ?? 'unmatched' }),
  });
  const app = createServiceApp({ serviceName: GATEWAY_SERVICE, tracer, logger: telemetry.logger });
  const guards = options.guards ?? [];
  const customerHeader = (
    request: Parameters<typeof access.principal>[0],
  ): Record<string, string> => {
    const principal = access.principal(request);
    return principal ? { [CUSTOMER_HEADER]: principal.customerId } : {};
  };

  for (const route of gatewayRoutes) {
    app.route({
      method: route.method,
      url: route.route,
      onRequest: access.hook(route.scope),
      preHandler: guards,
      handler: async (request, reply) => {
        if (route.version === 'v1') reply.headers(v1LifecycleHeaders(request.url));
        const body = request.body ?? undefined;
        const upstream = upstreams[route.upstream];
        if (!upstream) {
          reply.code(503);
          return { error: 'upstream_not_configured', upstream: route.upstream };
        }
        try {
          const response = await upstream.call(route.method, route.upstreamRoute, {
            params: request.params as Record<string, string>,
            body: route.toUpstream && body !== undefined ? route.toUpstream(body) : body,
            headers: customerHeader(request),
          });
          reply.code(response.status);
          if (response.headers['idempotent-replayed']) reply.header('idempotent-replayed', 'true');
          return route.toClient ? route.toClient(response.body) : response.body;
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          reply.code(error.reason === 'timeout' ? 504 : 502);
          return {
            error: error.reason === 'timeout' ? 'upstream_timeout' : 'upstream_unavailable',
            upstream: route.upstream,
          };
        }
      },
    });
  }

  for (const route of overviewRoutes) {
    app.route({
      method: 'GET',
      url: route.route,
      onRequest: access.hook(route.scope),
      preHandler: guards,
      handler: async (request, reply) => {
        if (route.version === 'v1') reply.headers(v1LifecycleHeaders(request.url));
        const { id } = request.params as { id: string };
        const principal = access.principal(request);
        if (principal?.customerId !== id && !principal?.scopes.has(ADMIN_SCOPE)) {
          throw new HttpError(403, 'forbidden', {
            message: "a customer's overview is theirs to read (or needs the admin scope)",
          });
        }
        const overview = await fetchOverview(
          overviewClients,
          id,
          config.overviewTimeoutMs,
          customerHeader(request),
        );
        if (isEmpty(overview)) {
          reply.code(502);
          return { error: 'upstream_unavailable', partial: true, missing: overview.missing };
        }
        return route.version === 'v1' ? overviewV1(overview) : overviewV2(overview);
      },
    });
  }

  if (config.demoTokens) registerDemoTokenRoute(app, issue, access.hook(null));

  const bound = await listen(app, options.host, options.port);
  return {
    name: GATEWAY_SERVICE,
    ...bound,
    issueToken: issue,
    close: async () => {
      await app.close();
      await Promise.all(
        [...new Set([...Object.values(upstreams), ...Object.values(overviewClients)])].map((c) =>
          c.close(),
        ),
      );
      await release();
    },
  };
}

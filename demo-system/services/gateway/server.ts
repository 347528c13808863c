import type { preHandlerAsyncHookHandler } from 'fastify';
import { createServiceClient, type ServiceClient, UpstreamError } from '../../platform/http-client';
import { createServiceApp, listen } from '../../platform/http-server';
import type { RunningService, ServiceStartOptions } from '../../platform/service';
import { createServiceTelemetry } from '../../platform/telemetry';
import { gatewayRoutes, type Upstream } from './routes';

export const GATEWAY_SERVICE = 'gateway';

export interface GatewayServiceOptions extends ServiceStartOptions {
  accountsUrl: string;
  paymentsUrl: string;
  /**
   * Checks run before every proxied route (the seam for JWT auth and rate limits, a later
   * issue). Throw an HttpError to refuse the request.
   */
  guards?: preHandlerAsyncHookHandler[];
}

/** Starts the API gateway: the public entry of the bank, proxying to accounts and payments. */
export async function startGatewayService(options: GatewayServiceOptions): Promise<RunningService> {
  const telemetry = createServiceTelemetry({
    serviceName: GATEWAY_SERVICE,
    otlpEndpoint: options.otlpEndpoint,
  });
  const { tracer } = telemetry;
  const upstreams: Record<Upstream, ServiceClient> = {
    accounts: createServiceClient({
      tracer,
      peerService: 'accounts',
      baseUrl: options.accountsUrl,
      timeoutMs: 3_000,
    }),
    // A transfer makes several idempotent ledger calls (with retries) before it answers.
    payments: createServiceClient({
      tracer,
      peerService: 'payments',
      baseUrl: options.paymentsUrl,
      timeoutMs: 15_000,
    }),
  };
  const app = createServiceApp({ serviceName: GATEWAY_SERVICE, tracer });

  for (const route of gatewayRoutes) {
    app.route({
      method: route.method,
      url: route.route,
      preHandler: options.guards ?? [],
      handler: async (request, reply) => {
        try {
          const response = await upstreams[route.upstream].call(route.method, route.upstreamRoute, {
            params: request.params as Record<string, string>,
            body: request.body ?? undefined,
          });
          reply.code(response.status);
          if (response.headers['idempotent-replayed']) reply.header('idempotent-replayed', 'true');
          return response.body;
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

  const bound = await listen(app, options.host, options.port);
  return {
    name: GATEWAY_SERVICE,
    ...bound,
    close: async () => {
      await app.close();
      await Promise.all(Object.values(upstreams).map((client) => client.close()));
      await telemetry.shutdown();
    },
  };
}

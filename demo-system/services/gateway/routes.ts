import type { HttpMethod } from '../../platform/http-client';

/**
 * The public API of the bank and where each route goes. The upstream route keeps the public
 * route's params, so `/v1/accounts/:id` forwards to `/accounts/:id` on the accounts service.
 */
export type Upstream = 'accounts' | 'payments';

export interface GatewayRoute {
  method: HttpMethod;
  /** Public route template on the gateway. */
  route: string;
  upstream: Upstream;
  /** Route template on the upstream service. */
  upstreamRoute: string;
}

export const gatewayRoutes: readonly GatewayRoute[] = [
  { method: 'POST', route: '/v1/accounts', upstream: 'accounts', upstreamRoute: '/accounts' },
  {
    method: 'GET',
    route: '/v1/accounts/:id',
    upstream: 'accounts',
    upstreamRoute: '/accounts/:id',
  },
  {
    method: 'POST',
    route: '/v1/accounts/:id/deposits',
    upstream: 'accounts',
    upstreamRoute: '/accounts/:id/deposits',
  },
  { method: 'POST', route: '/v1/transfers', upstream: 'payments', upstreamRoute: '/transfers' },
  {
    method: 'GET',
    route: '/v1/transfers/:id',
    upstream: 'payments',
    upstreamRoute: '/transfers/:id',
  },
];

import type { HttpMethod } from '../../platform/http-client';
import { anyTransferFromV2, loanFromV2, orderFromV2 } from './v2-products';
import { depositFromV2, resourceLinks, toV2Envelope } from './v2-representation';

/**
 * The public API of the bank and where each route goes. The upstream route keeps the public
 * route's params, so `/v1/accounts/:id` forwards to `/accounts/:id` on the accounts service.
 * Every route needs a bearer token carrying `scope`; /v2 translates bodies both ways
 * (see v2-representation.ts). The overview and the demo-token route are listed below.
 */
export type ApiVersion = 'v1' | 'v2';
export type Upstream = 'accounts' | 'payments' | 'kyc' | 'lending' | 'wealth' | 'notifications';

export interface GatewayRoute {
  version: ApiVersion;
  method: HttpMethod;
  /** Public route template on the gateway. */
  route: string;
  upstream: Upstream;
  /** Route template on the upstream service. */
  upstreamRoute: string;
  /** Scope the caller's token must carry. */
  scope: string;
  /** Public request body → upstream body (default: unchanged). */
  toUpstream?: (body: unknown) => unknown;
  /** Upstream answer → public answer (default: unchanged). */
  toClient?: (body: unknown) => unknown;
}

const account = (body: unknown) => toV2Envelope(body, resourceLinks('/v2/accounts', ['deposits']));
const transfer = (body: unknown) => toV2Envelope(body, resourceLinks('/v2/transfers'));
const loan = (body: unknown) => toV2Envelope(body, resourceLinks('/v2/loans'));
const order = (body: unknown) => toV2Envelope(body, resourceLinks('/v2/orders'));
const plain = (body: unknown) => toV2Envelope(body, () => ({}));

/**
 * The product routes (KYC, loans, funds, orders, notifications), the same in both versions;
 * /v2 adds envelopes and takes decimal amounts. A customer's resources sit under
 * `/customers/:id/...`; the services check that `:id` is the caller (`x-customer-id`).
 */
function productRoutes(version: ApiVersion): GatewayRoute[] {
  const v2 = version === 'v2';
  const route = (
    method: HttpMethod,
    path: string,
    upstream: Upstream,
    scope: string,
    extra: { toUpstream?: (body: unknown) => unknown; toClient?: (body: unknown) => unknown } = {},
  ): GatewayRoute => ({
    version,
    method,
    route: `/${version}${path}`,
    upstream,
    upstreamRoute: path,
    scope,
    ...(extra.toUpstream && v2 ? { toUpstream: extra.toUpstream } : {}),
    ...(v2 ? { toClient: extra.toClient ?? plain } : {}),
  });
  return [
    route('POST', '/customers/:id/kyc', 'kyc', 'accounts'),
    route('GET', '/customers/:id/kyc', 'kyc', 'accounts'),
    route('POST', '/loans', 'lending', 'transfers', { toUpstream: loanFromV2, toClient: loan }),
    route('GET', '/loans/:id', 'lending', 'transfers', { toClient: loan }),
    route('GET', '/customers/:id/loans', 'lending', 'overview'),
    route('GET', '/funds', 'wealth', 'overview'),
    route('POST', '/orders', 'wealth', 'transfers', { toUpstream: orderFromV2, toClient: order }),
    route('GET', '/orders/:id', 'wealth', 'transfers', { toClient: order }),
    route('GET', '/customers/:id/portfolio', 'wealth', 'overview'),
    route('GET', '/customers/:id/notifications', 'notifications', 'overview'),
  ];
}

export const gatewayRoutes: readonly GatewayRoute[] = [
  // v1: integer cents, bare resources.
  {
    version: 'v1',
    method: 'POST',
    route: '/v1/accounts',
    upstream: 'accounts',
    upstreamRoute: '/accounts',
    scope: 'accounts',
  },
  {
    version: 'v1',
    method: 'GET',
    route: '/v1/accounts/:id',
    upstream: 'accounts',
    upstreamRoute: '/accounts/:id',
    scope: 'accounts',
  },
  {
    version: 'v1',
    method: 'POST',
    route: '/v1/accounts/:id/deposits',
    upstream: 'accounts',
    upstreamRoute: '/accounts/:id/deposits',
    scope: 'accounts',
  },
  {
    version: 'v1',
    method: 'POST',
    route: '/v1/transfers',
    upstream: 'payments',
    upstreamRoute: '/transfers',
    scope: 'transfers',
  },
  {
    version: 'v1',
    method: 'GET',
    route: '/v1/transfers/:id',
    upstream: 'payments',
    upstreamRoute: '/transfers/:id',
    scope: 'transfers',
  },
  // v2: money objects, `from`/`to`, `{ data, links }` envelopes.
  {
    version: 'v2',
    method: 'POST',
    route: '/v2/accounts',
    upstream: 'accounts',
    upstreamRoute: '/accounts',
    scope: 'accounts',
    toClient: account,
  },
  {
    version: 'v2',
    method: 'GET',
    route: '/v2/accounts/:id',
    upstream: 'accounts',
    upstreamRoute: '/accounts/:id',
    scope: 'accounts',
    toClient: account,
  },
  {
    version: 'v2',
    method: 'POST',
    route: '/v2/accounts/:id/deposits',
    upstream: 'accounts',
    upstreamRoute: '/accounts/:id/deposits',
    scope: 'accounts',
    toUpstream: depositFromV2,
    toClient: account,
  },
  {
    version: 'v2',
    method: 'POST',
    route: '/v2/transfers',
    upstream: 'payments',
    upstreamRoute: '/transfers',
    scope: 'transfers',
    toUpstream: anyTransferFromV2,
    toClient: transfer,
  },
  {
    version: 'v2',
    method: 'GET',
    route: '/v2/transfers/:id',
    upstream: 'payments',
    upstreamRoute: '/transfers/:id',
    scope: 'transfers',
    toClient: transfer,
  },
  ...productRoutes('v1'),
  ...productRoutes('v2'),
];

/** The customer overview (accounts + lending + wealth), composed by the gateway itself. */
export const overviewRoutes = [
  { version: 'v1', route: '/v1/customers/:id/overview', scope: 'overview' },
  { version: 'v2', route: '/v2/customers/:id/overview', scope: 'overview' },
] as const satisfies readonly { version: ApiVersion; route: string; scope: string }[];

/** Demo only: mints a token for any customer id (no auth). Off unless demo tokens are on. */
export const DEMO_TOKEN_ROUTE = '/v1/auth/demo-token';

/**
 * /v1 is deprecated in favour of /v2 (RFC 9745 Deprecation, RFC 8594 Sunset); both are served
 * until the sunset date.
 */
export const V1_DEPRECATED_AT = new Date('2026-07-01T00:00:00Z');
export const V1_SUNSET_AT = new Date('2027-07-01T00:00:00Z');

export function v1LifecycleHeaders(path: string): Record<string, string> {
  return {
    deprecation: `@${Math.floor(V1_DEPRECATED_AT.getTime() / 1000)}`,
    sunset: V1_SUNSET_AT.toUTCString(),
    link: `<${path.replace(/^\/v1\//, '/v2/')}>; rel="successor-version"`,
  };
}

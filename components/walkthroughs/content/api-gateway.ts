import type { Walkthrough } from '../model/types';

export const apiGateway: Walkthrough = {
  slug: 'api-gateway',
  title: 'API gateway',
  summary:
    'One public entry: authentication, throttling, aggregation, and the risk of a single point of failure.',
  minutes: 4,
  steps: [
    {
      id: 'auth',
      title: 'Authentication at the edge',
      body: [
        'Clients never reach a service directly. The gateway checks the bearer token (a JWT), refuses a missing one with 401 and passes the verified customer id on as a header, so services trust the gateway rather than every client.',
        'The trade-off: the gateway now knows every route and every scope. Keep it thin: routing and cross-cutting checks, no business rules.',
      ],
      watch: 'The refused request is a gateway span on its own: it never reached accounts.',
      highlight: { nodes: ['user', 'gateway'], edges: ['user->gateway'] },
      actions: [
        {
          id: 'no-token',
          kind: 'bank',
          label: 'Read an account without a token',
          request: 'no-token',
        },
      ],
      checks: [
        {
          id: 'refused',
          label: 'A gateway trace answered 401',
          expect: {
            type: 'traces',
            service: 'gateway',
            attributes: ['http.response.status_code=401'],
            min: 1,
          },
          timeoutMs: 30_000,
          hint: 'Send the request without a token. Traces reach the collectors within a few seconds; search /traces for http.response.status_code=401.',
        },
      ],
      links: [
        {
          href: '/traces?service=gateway&attribute=http.response.status_code%3D401',
          label: '401 traces',
        },
      ],
    },
    {
      id: 'throttle',
      title: 'Throttling per customer',
      body: [
        'Each customer may send 50 requests per second plus a burst. Beyond that the gateway answers 429 with Retry-After, before any service spends work on the request.',
        'Limits protect the backends from one noisy client, but a limit per gateway process is only approximate once there are several gateways: a shared store (Redis) trades latency for accuracy.',
      ],
      watch: 'The 429s stay on the gateway: accounts sees only what the limit let through.',
      highlight: { nodes: ['gateway', 'accounts'], edges: ['gateway->accounts'] },
      actions: [{ id: 'burst', kind: 'bank', label: 'Send 200 reads at once', request: 'burst' }],
      checks: [
        {
          id: 'throttled',
          label: 'The gateway answered 429',
          expect: {
            type: 'traces',
            service: 'gateway',
            attributes: ['http.response.status_code=429'],
            min: 1,
          },
          timeoutMs: 30_000,
          hint: 'The burst must exceed 50/s plus the burst allowance of one customer; if GATEWAY_RATE_LIMIT_PER_SECOND is 0, limiting is off.',
        },
      ],
    },
    {
      id: 'aggregate',
      title: 'Aggregation',
      body: [
        'The customer overview is one client call that the gateway fans out to accounts, lending and wealth in parallel, each with its own timeout. A slow or missing section comes back as null with partial: true instead of failing the page.',
        'Aggregating at the edge saves round trips for mobile clients; the cost is a gateway that must degrade gracefully when one backend is slow.',
      ],
      watch: 'One trace, three parallel branches under the gateway span.',
      highlight: {
        nodes: ['gateway', 'accounts', 'lending', 'wealth'],
        edges: ['gateway->accounts', 'gateway->lending', 'gateway->wealth'],
      },
      actions: [
        { id: 'overview', kind: 'bank', label: 'Read a customer overview', request: 'overview' },
      ],
      checks: [
        {
          id: 'fan-out',
          label: 'The overview trace spans gateway, accounts, lending and wealth',
          expect: {
            type: 'trace-services',
            services: ['gateway', 'accounts', 'lending', 'wealth'],
          },
          timeoutMs: 30_000,
          hint: 'Read the overview first. If a service is missing, that backend timed out or is not configured: the answer then lists it under missing.',
        },
      ],
    },
    {
      id: 'spof',
      title: 'The single point of failure',
      body: [
        'Every user request crosses the gateway, so the gateway is the one component whose outage is the bank’s outage. Run several instances behind a load balancer, keep them stateless (tokens are verified, not looked up) and keep their own dependencies few.',
      ],
      watch: 'All user traffic enters through user → gateway.',
      highlight: { nodes: ['user', 'gateway'], edges: ['user->gateway'] },
      actions: [],
      checks: [
        {
          id: 'entry',
          label: 'user → gateway carries the traffic',
          expect: { type: 'edge-traffic', edge: 'user->gateway', minRequests: 1 },
          timeoutMs: 30_000,
          hint: 'The traffic generator drives the gateway; check that it runs (GET /api/control/traffic).',
        },
      ],
    },
  ],
};

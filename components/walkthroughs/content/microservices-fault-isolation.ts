import type { Walkthrough } from '../model/types';

export const microservicesFaultIsolation: Walkthrough = {
  slug: 'microservices-fault-isolation',
  title: 'Microservices and fault isolation',
  summary:
    'Eight services, each its own process boundary: crash one and watch the rest keep serving.',
  minutes: 4,
  steps: [
    {
      id: 'services',
      title: 'One bank, many services',
      body: [
        'The bank is split by business capability: accounts, payments, lending, kyc, wealth and notifications each own their data and their deployment. Nothing shares a database; they talk over HTTP through sidecars and over the event bus.',
        'The price is a network in the middle of every use case: calls can be slow, fail halfway or arrive twice. Everything else in these walkthroughs deals with that price.',
      ],
      watch:
        'Every box on the graph is a service that reported its own spans; every edge a pair of client and server spans.',
      highlight: {
        nodes: ['gateway', 'accounts', 'payments', 'lending', 'kyc', 'wealth', 'notifications'],
        edges: ['gateway->accounts', 'gateway->payments', 'gateway->lending'],
      },
      actions: [],
      checks: [
        {
          id: 'six-services',
          label: 'The graph shows at least six services',
          expect: { type: 'node-count', kind: 'service', min: 6 },
          timeoutMs: 30_000,
          hint: 'The graph fills from the traffic generator within a few seconds. Check that the demo-system runs (GET /api/control/health) and that its traffic rate is above 0.',
        },
        {
          id: 'gateway-accounts',
          label: 'gateway → accounts carries requests',
          expect: { type: 'edge-traffic', edge: 'gateway->accounts', minRequests: 1 },
          timeoutMs: 30_000,
          hint: 'No request reached accounts through the gateway in the window: is the traffic generator paused (GET /api/control/traffic)?',
        },
      ],
      links: [{ href: '/', label: 'Service graph' }],
    },
    {
      id: 'crash',
      title: 'Crash one service',
      body: [
        'Kill kyc without draining it. Its sidecar stays up and answers 502, so callers fail fast instead of hanging on a dead socket.',
        'Isolation means the blast radius is the capability, not the bank: loans need a KYC answer and fail closed (no loan is decided blind), while transfers, deposits and balances do not touch kyc at all.',
      ],
      watch: 'gateway → kyc turns red; gateway → accounts and gateway → payments stay green.',
      highlight: { nodes: ['kyc', 'lending', 'accounts'], edges: ['gateway->kyc', 'lending->kyc'] },
      actions: [
        {
          id: 'crash-kyc',
          kind: 'fault',
          label: 'Crash kyc for 25 s',
          fault: {
            kind: 'crash',
            target: 'kyc',
            params: { restartAfterSeconds: 25 },
            ttlSeconds: 25,
          },
        },
        { id: 'loan', kind: 'bank', label: 'Apply for a loan (needs kyc)', request: 'loan' },
      ],
      checks: [
        {
          id: 'crash-active',
          label: 'The collectors saw the crash start',
          expect: { type: 'fault', kind: 'crash', target: 'kyc', state: 'active' },
          timeoutMs: 20_000,
          hint: 'Inject the crash first. The fault.started record comes from the control plane as an OTLP log; if it never arrives, check the demo-system exports to the collectors.',
        },
        {
          id: 'kyc-fails',
          label: 'Calls to kyc fail',
          expect: { type: 'edge-errors', edge: 'gateway->kyc', minErrors: 1 },
          timeoutMs: 30_000,
          hint: 'Send the loan application while kyc is down: its KYC submission goes through gateway → kyc and gets the sidecar’s 502.',
        },
        {
          id: 'accounts-fine',
          label: 'gateway → accounts keeps serving (under 5 % errors)',
          expect: {
            type: 'edge-healthy',
            edge: 'gateway->accounts',
            minRequests: 1,
            maxErrorRate: 0.05,
          },
          timeoutMs: 30_000,
          hint: 'accounts does not depend on kyc. If it fails too, look at the accounts node’s traces: another fault may still be active (see /faults).',
        },
      ],
      links: [{ href: '/faults', label: 'Faults' }],
    },
    {
      id: 'restart',
      title: 'Bring it back',
      body: [
        'Revert the crash: kyc restarts on its old port and its sidecar forwards again. Nothing else had to restart, which is the other half of isolation: services deploy and recover on their own.',
      ],
      watch: 'gateway → kyc recovers within its window; the fault disappears from the fault strip.',
      highlight: { nodes: ['kyc'], edges: ['gateway->kyc'] },
      actions: [{ id: 'revert', kind: 'revert', label: 'Restart kyc (revert the crash)' }],
      checks: [
        {
          id: 'crash-ended',
          label: 'The crash ended',
          expect: { type: 'fault', kind: 'crash', target: 'kyc', state: 'ended' },
          timeoutMs: 40_000,
          hint: 'Revert the crash (or wait for its TTL). If it stays active, stop it on /faults.',
        },
      ],
    },
  ],
};

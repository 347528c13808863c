import type { Walkthrough } from '../model/types';

export const sidecarMtls: Walkthrough = {
  slug: 'sidecar-mtls',
  title: 'Sidecars and mTLS',
  summary:
    'Every service sits behind its own proxy: mutual TLS, retries, timeouts and fault rules without touching service code.',
  minutes: 4,
  steps: [
    {
      id: 'mesh',
      title: 'Every call goes through two sidecars',
      body: [
        'payments never dials accounts. It calls a local egress port of its own sidecar, which opens a mutual-TLS connection to accounts’ sidecar with a certificate from the development CA; accounts’ sidecar checks the caller’s identity and forwards to accounts on loopback.',
        'The pattern moves cross-cutting concerns (encryption, identity, retries, breakers, telemetry) out of the services into one shared, uniformly configured component, at the cost of an extra hop and another process per service.',
      ],
      watch:
        'Sidecars add no node and no edge: they pass the traceparent on, so the graph still shows payments → accounts.',
      highlight: { nodes: ['payments', 'accounts'], edges: ['payments->accounts'] },
      actions: [{ id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' }],
      checks: [
        {
          id: 'edge',
          label: 'payments → accounts carries requests',
          expect: { type: 'edge-traffic', edge: 'payments->accounts', minRequests: 1 },
          timeoutMs: 30_000,
          hint: 'Send a transfer: its debit and credit steps are calls from payments to accounts.',
        },
      ],
      links: [{ href: '/resilience', label: 'Resilience' }],
    },
    {
      id: 'errors',
      title: 'Retries hide transient errors',
      body: [
        'Make accounts’ sidecar answer 503 to half of payments’ calls. payments’ sidecar retries them (with backoff and jitter) because ledger calls carry an Idempotency-Key: a retry cannot debit twice.',
        'Retries turn a flaky dependency into a slower one; only calls that are safe to repeat may be retried, and the retry budget must stay small or it multiplies load (see the circuit-breaker walkthrough).',
      ],
      watch: 'Few failed requests on payments → accounts, many retries in the resilience counters.',
      highlight: { nodes: ['payments', 'accounts'], edges: ['payments->accounts'] },
      actions: [
        {
          id: 'errors',
          kind: 'fault',
          label: 'accounts answers 503 to half of payments’ calls (30 s)',
          fault: {
            kind: 'errors',
            target: 'payments->accounts',
            params: { status: 503, percentage: 50 },
            ttlSeconds: 30,
          },
        },
        { id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' },
      ],
      checks: [
        {
          id: 'retries',
          label: 'payments’ sidecar retried calls to accounts',
          expect: { type: 'resilience', key: 'payments/accounts', counter: 'retries', min: 1 },
          timeoutMs: 40_000,
          hint: 'Inject the errors and send a transfer. Retry counters are metrics, exported every few seconds; see /resilience.',
        },
      ],
    },
    {
      id: 'latency',
      title: 'Latency injected at the callee’s sidecar',
      body: [
        'Now delay every call from payments to accounts by 400 ms. The fault rule matches the caller’s mTLS identity, so only payments is slowed; lending and wealth still reach accounts at full speed.',
        'accounts’ own span does not see the delay (it starts after the sidecar let the call through): the time shows in payments’ client spans and in the trace’s duration. Where you measure decides what you see.',
      ],
      watch: 'Open the transfer’s trace: the gap before each accounts span is the sidecar’s delay.',
      highlight: {
        nodes: ['payments', 'accounts', 'lending'],
        edges: ['payments->accounts', 'lending->accounts'],
      },
      actions: [
        {
          id: 'latency',
          kind: 'fault',
          label: 'Delay payments → accounts by 400 ms (30 s)',
          fault: {
            kind: 'latency',
            target: 'payments->accounts',
            params: { delayMs: 400 },
            ttlSeconds: 30,
          },
        },
        { id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' },
      ],
      checks: [
        {
          id: 'slow',
          label: 'A payments trace lasted at least 400 ms',
          expect: { type: 'traces', service: 'payments', minDurationMs: 400, min: 1 },
          timeoutMs: 40_000,
          hint: 'Send a transfer while the delay is active: its debit and credit calls each wait 400 ms in accounts’ sidecar.',
        },
      ],
    },
    {
      id: 'revert',
      title: 'Remove the faults',
      body: ['Revert the fault rules; the sidecars go back to forwarding untouched.'],
      watch: 'The fault strip empties.',
      highlight: { nodes: ['payments', 'accounts'], edges: ['payments->accounts'] },
      actions: [{ id: 'revert', kind: 'revert', label: 'Revert this walkthrough’s faults' }],
      checks: [
        {
          id: 'ended',
          label: 'The latency fault ended',
          expect: { type: 'fault', kind: 'latency', target: 'payments->accounts', state: 'ended' },
          timeoutMs: 40_000,
          hint: 'Revert the faults (or wait for their TTL); /faults lists what is still active.',
        },
      ],
    },
  ],
};

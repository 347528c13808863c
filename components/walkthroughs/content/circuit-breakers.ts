import type { Walkthrough } from '../model/types';

export const circuitBreakers: Walkthrough = {
  slug: 'circuit-breakers',
  title: 'Circuit breakers, retries and timeouts',
  summary:
    'Fail fast when a dependency is down, and keep retries from turning an outage into a storm.',
  minutes: 5,
  steps: [
    {
      id: 'outage',
      title: 'The partner bank goes down',
      body: [
        'Take partner-bank offline: its connections are dropped unanswered. Without protection, every external payment would wait for its timeout, holding a connection and a worker, and retries would multiply the calls to a bank that cannot answer.',
        'payments’ sidecar has a breaker towards partner-bank: after a run of consecutive failures it opens and refuses calls at once (503, breaker-open) for a cool-down, then lets one probe through (half-open).',
      ],
      watch: 'payments → partner-bank turns red; on /resilience its breaker opens.',
      highlight: { nodes: ['payments', 'partner-bank'], edges: ['payments->partner-bank'] },
      actions: [
        {
          id: 'outage',
          kind: 'fault',
          label: 'Partner-bank outage (45 s)',
          fault: {
            kind: 'partner-bank',
            target: 'partner-bank',
            params: { mode: 'outage' },
            ttlSeconds: 45,
          },
        },
        {
          id: 'mix',
          kind: 'traffic',
          label: 'Shift the traffic toward external payments',
          change: { weights: { externalTransfer: 30 } },
        },
        {
          id: 'external',
          kind: 'bank',
          label: 'Pay an external payee',
          request: 'external-transfer',
        },
      ],
      checks: [
        {
          id: 'opened',
          label: 'The payments → partner-bank breaker opened',
          expect: { type: 'breaker-opened', key: 'payments/partner-bank' },
          timeoutMs: 45_000,
          hint: 'The breaker needs a few failed calls: inject the outage, then send external payments (the traffic generator sends some too).',
        },
      ],
      links: [{ href: '/resilience', label: 'Resilience' }],
    },
    {
      id: 'retries',
      title: 'Retries, timeouts and the retry storm',
      body: [
        'Before the breaker opened, the sidecar retried failed calls with exponential backoff and jitter, and each call had a timeout. Retries help with blips; during an outage they multiply the load on the failing peer (three attempts per call at every layer is 3 × 3 × 3 calls): a retry storm.',
        'The remedies: retry at one layer only, cap the attempts, back off with jitter, and let the breaker stop retries entirely while the peer is down. payments also parks the transfer as held and retries the saga step later, instead of failing it.',
      ],
      watch:
        'The retry counters of payments → partner-bank on /resilience, then rejections while open.',
      highlight: { nodes: ['payments', 'partner-bank'], edges: ['payments->partner-bank'] },
      actions: [
        {
          id: 'external',
          kind: 'bank',
          label: 'Pay an external payee',
          request: 'external-transfer',
        },
      ],
      checks: [
        {
          id: 'retried',
          label: 'payments’ sidecar retried calls to partner-bank',
          expect: { type: 'resilience', key: 'payments/partner-bank', counter: 'retries', min: 1 },
          timeoutMs: 45_000,
          hint: 'Retries happen while the breaker is closed or half-open; send an external payment during the outage.',
        },
      ],
    },
    {
      id: 'recover',
      title: 'Recovery through half-open',
      body: [
        'End the outage. The next probe in half-open succeeds, the breaker closes, and the held transfers go out with the same idempotency key, so none is paid twice.',
      ],
      watch: 'The breaker goes half-open, then closed; held sagas complete.',
      highlight: { nodes: ['payments', 'partner-bank'], edges: ['payments->partner-bank'] },
      actions: [
        { id: 'revert', kind: 'revert', label: 'End the outage, restore the traffic' },
        {
          id: 'external',
          kind: 'bank',
          label: 'Pay an external payee',
          request: 'external-transfer',
        },
      ],
      checks: [
        {
          id: 'closed',
          label: 'The payments → partner-bank breaker is closed',
          expect: { type: 'breaker-state', key: 'payments/partner-bank', states: ['closed'] },
          timeoutMs: 60_000,
          hint: 'The breaker closes after a successful probe: end the outage and send an external payment once its cool-down passed.',
        },
      ],
    },
  ],
};

import type { Walkthrough } from '../model/types';

export const idempotency: Walkthrough = {
  slug: 'idempotency',
  title: 'Idempotency under duplicate delivery',
  summary:
    'At-least-once delivery means duplicates: inboxes and idempotency keys make them harmless.',
  minutes: 3,
  steps: [
    {
      id: 'duplicates',
      title: 'Every event twice',
      body: [
        'Brokers and outbox relays deliver at least once: after a crash or a lost acknowledgement, the same event arrives again. Make the bus publish every payments event twice.',
        'Each consumer records the event id in its inbox in the same transaction as its effect; a second copy finds the id and is skipped, marked idempotency.duplicate=true on its span. HTTP steps do the same with Idempotency-Key.',
      ],
      watch: 'Consumer spans with idempotency.duplicate=true on /traces; notices are not doubled.',
      highlight: {
        nodes: ['payments', 'topic:payments.events', 'notifications'],
        edges: ['payments->topic:payments.events', 'topic:payments.events->notifications'],
      },
      actions: [
        {
          id: 'duplicate',
          kind: 'fault',
          label: 'Publish payments.events twice (30 s)',
          fault: {
            kind: 'duplicate-delivery',
            target: 'payments.events',
            params: { percentage: 100 },
            ttlSeconds: 30,
          },
        },
        { id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' },
      ],
      checks: [
        {
          id: 'skipped',
          label: 'A consumer skipped a duplicate',
          expect: { type: 'traces', attributes: ['idempotency.duplicate=true'], min: 1 },
          timeoutMs: 40_000,
          hint: 'Inject duplicate delivery and send a transfer: its transfer.completed is published twice and notifications skips the copy.',
        },
      ],
      links: [{ href: '/traces?attribute=idempotency.duplicate%3Dtrue', label: 'Duplicate spans' }],
    },
    {
      id: 'money',
      title: 'The money still adds up',
      body: [
        'A duplicate that was applied twice would show as money created from nothing. The invariant checks that the balances equal deposits and disbursements minus what left the bank, from one consistent cut of every service.',
      ],
      watch: 'GET /api/control/invariant stays ok.',
      highlight: { nodes: ['accounts', 'payments'], edges: [] },
      actions: [{ id: 'revert', kind: 'revert', label: 'Stop the duplicates' }],
      checks: [
        {
          id: 'invariant',
          label: 'The money invariant holds',
          expect: { type: 'invariant' },
          timeoutMs: 40_000,
          hint: 'A violation names its rule; look for transfers whose debits and credits differ.',
        },
      ],
    },
  ],
};

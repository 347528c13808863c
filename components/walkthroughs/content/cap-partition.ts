import type { Walkthrough } from '../model/types';

export const capPartition: Walkthrough = {
  slug: 'cap-partition',
  title: 'Consistency or availability under a partition',
  summary:
    'When two services cannot reach each other, each operation must choose: refuse, or answer and risk inconsistency.',
  minutes: 4,
  steps: [
    {
      id: 'partition',
      title: 'Cut payments off from accounts',
      body: [
        'Partition payments from accounts: their sidecars reset each other’s connections. A transfer needs accounts to debit; payments cannot know whether money is there, so it chooses consistency: the step fails or is retried, and the transfer is not completed on a guess.',
        'Reads choose availability: the gateway still reaches accounts, so balances and the overview keep answering. CAP is a choice per operation, not per system.',
      ],
      watch: 'payments → accounts turns red while gateway → accounts stays green.',
      highlight: {
        nodes: ['payments', 'accounts', 'gateway'],
        edges: ['payments->accounts', 'gateway->accounts'],
      },
      actions: [
        {
          id: 'partition',
          kind: 'fault',
          label: 'Partition accounts ↔ payments (30 s)',
          fault: { kind: 'partition', target: 'accounts<->payments', ttlSeconds: 30 },
        },
        { id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' },
      ],
      checks: [
        {
          id: 'refused',
          label: 'payments fails calls during the partition',
          expect: { type: 'traces', service: 'payments', status: 'error', min: 1 },
          timeoutMs: 40_000,
          hint: 'Inject the partition, then send a transfer: its debit cannot reach accounts.',
        },
        {
          id: 'reads',
          label: 'gateway → accounts stays available',
          expect: {
            type: 'edge-healthy',
            edge: 'gateway->accounts',
            minRequests: 1,
            maxErrorRate: 0.05,
          },
          timeoutMs: 30_000,
          hint: 'The partition only cuts accounts ↔ payments; if gateway → accounts fails, another fault is active (see /faults).',
        },
      ],
      links: [{ href: '/faults', label: 'Faults' }],
    },
    {
      id: 'heal',
      title: 'Heal and converge',
      body: [
        'Heal the partition. Sagas parked in a retry resume with the same references; those past their deadline were released. Either way, no money was created or lost: the invariant holds once every saga is settled.',
      ],
      watch: 'payments → accounts recovers; running sagas settle on /sagas.',
      highlight: { nodes: ['payments', 'accounts'], edges: ['payments->accounts'] },
      actions: [{ id: 'revert', kind: 'revert', label: 'Heal the partition' }],
      checks: [
        {
          id: 'healed',
          label: 'The partition ended',
          expect: {
            type: 'fault',
            kind: 'partition',
            target: 'accounts<->payments',
            state: 'ended',
          },
          timeoutMs: 40_000,
          hint: 'Heal the partition (or wait for its TTL).',
        },
        {
          id: 'invariant',
          label: 'The money invariant holds',
          expect: { type: 'invariant' },
          timeoutMs: 60_000,
          hint: 'Sagas still retrying after the heal settle within seconds; a lasting violation names its rule.',
        },
      ],
    },
  ],
};

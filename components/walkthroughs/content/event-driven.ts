import type { Walkthrough } from '../model/types';

export const eventDriven: Walkthrough = {
  slug: 'event-driven',
  title: 'Event-driven architecture',
  summary: 'Loose coupling over topics, and the eventual consistency that comes with it.',
  minutes: 4,
  steps: [
    {
      id: 'topics',
      title: 'Publish facts, do not call',
      body: [
        'When a transfer completes, payments does not call notifications: it appends transfer.completed to its outbox in the same transaction as its own state, and a relay publishes it to the payments.events topic. notifications consumes it in its own consumer group.',
        'The producer does not know who listens, so adding a consumer changes nothing upstream. The cost: no answer comes back, ordering holds only per key, and delivery is at least once.',
      ],
      watch:
        'payments → topic:payments.events → notifications on the graph (producer and consumer spans).',
      highlight: {
        nodes: ['payments', 'topic:payments.events', 'notifications'],
        edges: ['payments->topic:payments.events', 'topic:payments.events->notifications'],
      },
      actions: [{ id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' }],
      checks: [
        {
          id: 'publish',
          label: 'payments publishes to payments.events',
          expect: { type: 'edge-traffic', edge: 'payments->topic:payments.events', minRequests: 1 },
          timeoutMs: 30_000,
          hint: 'Completed transfers publish transfer.completed; send one and wait for the outbox relay.',
        },
        {
          id: 'consume',
          label: 'notifications consumes payments.events',
          expect: {
            type: 'edge-traffic',
            edge: 'topic:payments.events->notifications',
            minRequests: 1,
          },
          timeoutMs: 30_000,
          hint: 'The consumer group notifications.notices may be paused (see /faults).',
        },
      ],
    },
    {
      id: 'pause',
      title: 'A consumer stops; the producer does not care',
      body: [
        'Pause the notifications consumer group. Transfers keep completing: payments only appends to a log. The notices are not lost, they wait in the topic at the group’s committed offset.',
        'This is eventual consistency: for a while, a completed transfer has no notice yet. The system converges once the consumer resumes.',
      ],
      watch:
        'Transfers still complete on /sagas while topic:payments.events → notifications goes quiet.',
      highlight: {
        nodes: ['topic:payments.events', 'notifications'],
        edges: ['topic:payments.events->notifications'],
      },
      actions: [
        {
          id: 'pause',
          kind: 'fault',
          label: 'Pause notifications.notices (30 s)',
          fault: { kind: 'consumer-pause', target: 'notifications.notices', ttlSeconds: 30 },
        },
        { id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' },
      ],
      checks: [
        {
          id: 'paused',
          label: 'The consumer pause is active',
          expect: {
            type: 'fault',
            kind: 'consumer-pause',
            target: 'notifications.notices',
            state: 'active',
          },
          timeoutMs: 20_000,
          hint: 'Pause the consumer group first.',
        },
        {
          id: 'completes',
          label: 'Transfers still complete',
          expect: { type: 'saga', name: 'transfer', statuses: ['completed'], min: 1 },
          timeoutMs: 30_000,
          hint: 'Send a transfer: the saga ends at notify, which only appends to the outbox.',
        },
      ],
    },
    {
      id: 'resume',
      title: 'Catch up',
      body: [
        'Resume the group: it reads from its committed offset, so every notice held back is delivered, in order per transfer, each once thanks to the inbox.',
      ],
      watch: 'notifications spans return; the backlog drains.',
      highlight: {
        nodes: ['topic:payments.events', 'notifications'],
        edges: ['topic:payments.events->notifications'],
      },
      actions: [{ id: 'revert', kind: 'revert', label: 'Resume the consumer' }],
      checks: [
        {
          id: 'resumed',
          label: 'The pause ended',
          expect: {
            type: 'fault',
            kind: 'consumer-pause',
            target: 'notifications.notices',
            state: 'ended',
          },
          timeoutMs: 40_000,
          hint: 'Resume the consumer (or wait for the pause’s TTL).',
        },
        {
          id: 'consumes',
          label: 'notifications processes events again',
          expect: { type: 'traces', service: 'notifications', min: 1 },
          timeoutMs: 30_000,
          hint: 'New transfers produce notices within seconds after the resume.',
        },
      ],
    },
  ],
};

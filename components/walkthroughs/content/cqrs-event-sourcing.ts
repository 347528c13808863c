import type { Walkthrough } from '../model/types';

export const cqrsEventSourcing: Walkthrough = {
  slug: 'cqrs-event-sourcing',
  title: 'CQRS and event sourcing',
  summary:
    'Events as the source of truth, read models built from them: lag, rebuild and the audit trail.',
  minutes: 5,
  steps: [
    {
      id: 'caught-up',
      title: 'Write events, read projections',
      body: [
        'accounts stores no balance as the truth: it appends events (opened, deposited, debited, credited) to an event store. Projections fold those events into read models (balances, statements, the customer overview), each with a checkpoint.',
        'Reads and writes scale and evolve separately; the price is that a read model is only as fresh as its projection.',
      ],
      watch: 'On /cqrs the projection’s position follows the store’s head.',
      highlight: { nodes: ['accounts'], edges: ['gateway->accounts'] },
      actions: [],
      checks: [
        {
          id: 'running',
          label: 'accounts/balances runs close to the head',
          expect: {
            type: 'projection',
            key: 'accounts/balances',
            states: ['running'],
            maxLagEvents: 20,
          },
          timeoutMs: 30_000,
          hint: 'The projection reports projection.position with the store’s eventstore.position; if it is paused from an earlier run, resume it on /cqrs.',
        },
      ],
      links: [{ href: '/cqrs', label: 'CQRS' }],
    },
    {
      id: 'pause',
      title: 'Lag: pause the projection',
      body: [
        'Pause the balances projection while deposits and transfers keep arriving. Commands still succeed, because they decide from the write side; the read model falls behind, and a balance read returns an older figure.',
        'That is the eventual consistency of CQRS made visible: the lag in events and in milliseconds is the number to alert on.',
      ],
      watch: 'The lag line on /cqrs climbs while the projection is paused.',
      highlight: { nodes: ['accounts'], edges: [] },
      actions: [
        {
          id: 'pause',
          kind: 'projection',
          label: 'Pause accounts/balances',
          service: 'accounts',
          name: 'balances',
          action: 'pause',
        },
        { id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' },
      ],
      checks: [
        {
          id: 'lagging',
          label: 'accounts/balances is paused and lags behind',
          expect: {
            type: 'projection',
            key: 'accounts/balances',
            states: ['paused'],
            minLagEvents: 1,
          },
          timeoutMs: 40_000,
          hint: 'Pause the projection, then send a transfer so new events arrive.',
        },
      ],
    },
    {
      id: 'resume',
      title: 'Catch up',
      body: [
        'Resume it: the projection applies the backlog from its checkpoint, in order, and the lag falls back to zero. Nothing was lost; the events were always there.',
      ],
      watch: 'The lag drops back to the baseline.',
      highlight: { nodes: ['accounts'], edges: [] },
      actions: [
        {
          id: 'resume',
          kind: 'projection',
          label: 'Resume accounts/balances',
          service: 'accounts',
          name: 'balances',
          action: 'resume',
        },
      ],
      checks: [
        {
          id: 'caught-up',
          label: 'accounts/balances runs again and caught up',
          expect: {
            type: 'projection',
            key: 'accounts/balances',
            states: ['running'],
            maxLagEvents: 20,
            changedSinceStep: true,
          },
          timeoutMs: 40_000,
          hint: 'Resume the projection; if it stays paused, a projection fault may still hold it (see /faults).',
        },
      ],
    },
    {
      id: 'rebuild',
      title: 'Rebuild from the audit trail',
      body: [
        'Because the events are the truth, a read model is disposable: rebuild the statements projection and it is emptied and replayed from position 0. The same log is the audit trail: every balance can be explained event by event.',
        'Rebuilds take time proportional to the history, which is why long-lived stores snapshot or version their projections.',
      ],
      watch: 'The statements projection shows rebuilding, then runs again at the head.',
      highlight: { nodes: ['accounts'], edges: [] },
      actions: [
        {
          id: 'rebuild',
          kind: 'projection',
          label: 'Rebuild accounts/statements',
          service: 'accounts',
          name: 'statements',
          action: 'rebuild',
        },
      ],
      checks: [
        {
          id: 'rebuilt',
          label: 'accounts/statements was rebuilt and caught up',
          expect: {
            type: 'projection',
            key: 'accounts/statements',
            states: ['running'],
            maxLagEvents: 50,
            changedSinceStep: true,
          },
          timeoutMs: 90_000,
          hint: 'Start the rebuild; a long history takes a while to replay (watch its position on /cqrs).',
        },
        {
          id: 'invariant',
          label: 'The money invariant holds',
          expect: { type: 'invariant' },
          timeoutMs: 30_000,
          hint: 'The invariant compares the write side with payments, lending and partner-bank; GET /api/control/invariant lists the violated rule.',
        },
      ],
    },
  ],
};

import type { Walkthrough } from '../model/types';

export const sagas: Walkthrough = {
  slug: 'sagas',
  title: 'Sagas: orchestration and choreography',
  summary:
    'Long business transactions without distributed locks: local steps, and compensations when one fails.',
  minutes: 5,
  steps: [
    {
      id: 'orchestrated',
      title: 'An orchestrated saga',
      body: [
        'A transfer touches two ledgers and maybe a partner bank; no transaction spans them. payments runs it as a saga: debit → check → credit → notify, each a local transaction with its own idempotency reference, the saga persisted after every step so a crashed runner resumes where it stopped.',
        'Orchestration keeps the flow in one place (easy to read, test and monitor) at the cost of a coordinator that knows every participant.',
      ],
      watch: 'On /sagas, one timeline per transfer with its steps, all run by payments.',
      highlight: {
        nodes: ['payments', 'accounts'],
        edges: ['gateway->payments', 'payments->accounts'],
      },
      actions: [{ id: 'transfer', kind: 'bank', label: 'Send a transfer', request: 'transfer' }],
      checks: [
        {
          id: 'completed',
          label: 'An orchestrated transfer saga completed',
          expect: {
            type: 'saga',
            name: 'transfer',
            coordination: 'orchestrated',
            statuses: ['completed'],
            min: 1,
          },
          timeoutMs: 30_000,
          hint: 'Send a transfer; its steps are spans with saga.* attributes that /sagas assembles into a timeline.',
        },
      ],
      links: [{ href: '/sagas', label: 'Sagas' }],
    },
    {
      id: 'compensation',
      title: 'Compensation, not rollback',
      body: [
        'Pay a payee the partner bank refuses. The money was already debited (reserved) when the refusal arrives, and a committed local transaction cannot be rolled back: the saga runs the compensation instead, release, which credits the reservation back under its own reference.',
        'Compensations are business operations: they must be idempotent, may fail themselves, and leave traces (the customer sees a refused payment, not a payment that never happened).',
      ],
      watch:
        'The saga turns compensated; its timeline shows the release step after the failed send.',
      highlight: {
        nodes: ['payments', 'partner-bank', 'accounts'],
        edges: ['payments->partner-bank', 'payments->accounts'],
      },
      actions: [
        {
          id: 'refused',
          kind: 'bank',
          label: 'Pay a blocked payee',
          request: 'refused-external-transfer',
        },
      ],
      checks: [
        {
          id: 'compensated',
          label: 'An external transfer saga was compensated',
          expect: { type: 'saga', name: 'external_transfer', statuses: ['compensated'], min: 1 },
          timeoutMs: 30_000,
          hint: 'partner-bank refuses payees whose name contains “blocked” (422, final): payments then releases the debit.',
        },
      ],
    },
    {
      id: 'choreographed',
      title: 'A choreographed saga',
      body: [
        'A loan is paid out without a coordinator: lending records the approval and publishes loan.approved; accounts reacts by crediting the loan and publishing loan.disbursed (or loan.disbursement_failed); lending reacts by marking the loan disbursed, or compensates by cancelling it. The saga id travels as the events’ correlation id.',
        'Choreography keeps services decoupled, but the flow exists only as the sum of the reactions: you need tracing and a saga view to see it at all, and cycles are easy to build by accident.',
      ],
      watch: 'The loan saga on /sagas spans lending and accounts, marked choreographed.',
      highlight: {
        nodes: ['lending', 'topic:lending.events', 'accounts', 'topic:accounts.events'],
        edges: [
          'lending->topic:lending.events',
          'topic:lending.events->accounts',
          'accounts->topic:accounts.events',
          'topic:accounts.events->lending',
        ],
      },
      actions: [{ id: 'loan', kind: 'bank', label: 'Apply for a loan', request: 'loan' }],
      checks: [
        {
          id: 'loan-completed',
          label: 'A choreographed loan saga completed',
          expect: {
            type: 'saga',
            name: 'loan_disbursement',
            coordination: 'choreographed',
            statuses: ['completed'],
            min: 1,
          },
          timeoutMs: 45_000,
          hint: 'Apply for a loan (the walkthrough passes KYC first). If it stays running, a consumer group may be paused or the bus cut: see /faults.',
        },
      ],
    },
  ],
};

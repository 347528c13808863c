import { z } from 'zod';

/**
 * Every event the bank publishes: its topic, its current schema version and the schema of its
 * data. Producers and consumers both validate against this file (it is the one schema at the
 * bus boundary; services never import each other). Changing an event's data shape means a new
 * version: bump `version`, and keep consumers able to read what is still on the topics.
 */

const cents = z.number().int().positive();
const id = z.string().min(1).max(200);
const currency = z.string().regex(/^[A-Z]{3}$/);

/** Topic names, one per producing service (the record key is the aggregate id). */
export const TOPICS = {
  accounts: 'accounts.events',
  lending: 'lending.events',
  payments: 'payments.events',
} as const;

const ledgerEntry = z.object({
  accountId: id,
  amountCents: cents,
  currency,
  reference: id,
  entryId: id,
  balanceCents: z.number().int().min(0),
});

export const EVENT_CATALOG = {
  // accounts: the event-sourced ledger's events, published as they are appended.
  'account.opened': {
    topic: TOPICS.accounts,
    version: 1,
    schema: z.object({
      accountId: id,
      owner: z.string().min(1).max(100),
      customerId: id.optional(),
      currency,
    }),
  },
  'account.deposited': { topic: TOPICS.accounts, version: 1, schema: ledgerEntry },
  'account.debited': { topic: TOPICS.accounts, version: 1, schema: ledgerEntry },
  'account.credited': { topic: TOPICS.accounts, version: 1, schema: ledgerEntry },
  // The loan-disbursement saga (choreographed): lending → accounts → lending, notifications.
  'loan.approved': {
    topic: TOPICS.lending,
    version: 1,
    schema: z.object({
      loanId: id,
      customerId: id,
      accountId: id,
      amountCents: cents,
      currency,
    }),
  },
  'loan.disbursed': {
    topic: TOPICS.accounts,
    version: 1,
    schema: z.object({ loanId: id, customerId: id, accountId: id, amountCents: cents, currency }),
  },
  'loan.disbursement_failed': {
    topic: TOPICS.accounts,
    version: 1,
    schema: z.object({ loanId: id, accountId: id, reason: z.string().min(1).max(200) }),
  },
  'loan.cancelled': {
    topic: TOPICS.lending,
    version: 1,
    schema: z.object({ loanId: id, customerId: id, reason: z.string().min(1).max(200) }),
  },
  // payments: the orchestrated transfer saga's outcomes.
  'transfer.completed': {
    topic: TOPICS.payments,
    version: 1,
    schema: z.object({
      transferId: id,
      customerId: id.optional(),
      fromAccountId: id,
      toAccountId: id.optional(),
      external: z.boolean(),
      amountCents: cents,
      currency,
    }),
  },
  'transfer.compensated': {
    topic: TOPICS.payments,
    version: 1,
    schema: z.object({
      transferId: id,
      customerId: id.optional(),
      reason: z.string().min(1).max(200),
      compensations: z.array(z.string().min(1).max(50)),
    }),
  },
} as const satisfies Record<string, { topic: string; version: number; schema: z.ZodType }>;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]['schema']>;

export function topicOf(type: EventType): string {
  return EVENT_CATALOG[type].topic;
}

/** Every topic with its partition count (created by the platform before services start). */
export const TOPIC_SPECS = Object.values(TOPICS).map((name) => ({ name, partitions: 3 }));

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cqrsEvents } from '../../../collectors/contracts/conventions';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { jsonRequest } from '../../testing/http';
import { type AccountsHarness, startAccountsHarness } from './accounts-test-kit';
import { readEventsAfter, type StoredEvent } from './event-store';
import type { CustomerOverview, StatementPage } from './read-models';

/**
 * The read models against the event stream, through the service's HTTP API: after a random
 * mix of commands they equal a fold of the events; a rebuild from zero gives the same rows.
 */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`accounts read models on ${target.label}`, () => {
    let data: TestDatabase;
    let h: AccountsHarness;

    beforeAll(async () => {
      data = await target.open();
      h = await startAccountsHarness(data.database);
    });
    afterAll(async () => {
      await h?.close();
      await data?.cleanup();
    });

    it('equal a fold of the event stream after random commands', async () => {
      const random = seeded(42);
      const customers = ['c-ada', 'c-bob', 'c-cyd'];
      const accounts: string[] = [];
      for (let i = 0; i < 8; i++) {
        const customer = i === 7 ? undefined : customers[i % 3];
        accounts.push(await h.open(`owner ${i}`, customer, i % 4 === 3 ? 'USD' : 'EUR'));
      }
      const references: string[] = [];
      for (let i = 0; i < 80; i++) {
        const account = accounts[Math.floor(random() * accounts.length)]!;
        const kinds = ['deposits', 'debits', 'credits'] as const;
        const kind = kinds[Math.floor(random() * 3)]!;
        // Now and then repeat an earlier reference (a retry): it must not apply twice.
        const reference =
          references.length > 0 && random() < 0.15
            ? references[Math.floor(random() * references.length)]!
            : `rnd:${i}:${account}`;
        references.push(reference);
        await h.entry(account, kind, 1 + Math.floor(random() * 500), reference);
      }
      await h.caughtUp();

      const events = await readEventsAfter(h.db, 0, 10_000);
      const expected = fold(events);
      for (const id of accounts) {
        const account = await jsonRequest('GET', `${h.url}/accounts/${id}`);
        expect(account.body).toEqual(expected.balances.get(id));
        const statement = await jsonRequest<StatementPage>(
          'GET',
          `${h.url}/accounts/${id}/statement?limit=100`,
        );
        expect(statement.body.entries).toEqual(expected.statements.get(id) ?? []);
        expect(statement.body.nextBefore).toBeNull();
      }
      for (const customer of customers) {
        const overview = await jsonRequest<CustomerOverview>(
          'GET',
          `${h.url}/customers/${customer}/overview`,
        );
        expect(overview.body).toEqual(expected.overviews.get(customer));
        const list = await jsonRequest<Array<{ id: string }>>(
          'GET',
          `${h.url}/customers/${customer}/accounts`,
        );
        expect(list.body.map((a) => a.id)).toEqual(
          accounts.filter((id) => expected.balances.get(id)?.customerId === customer),
        );
      }
      // The write side agrees with the read model once it caught up.
      const audit = await jsonRequest<Record<string, { totalBalanceCents: number }>>(
        'GET',
        `${h.url}/audit`,
      );
      expect(audit.body.readModel?.totalBalanceCents).toBe(
        (audit.body as unknown as { totalBalanceCents: number }).totalBalanceCents,
      );
    });

    it('pages a statement newest first', async () => {
      const id = await h.open('Pager', 'c-pager');
      for (let i = 1; i <= 5; i++) await h.entry(id, 'deposits', i * 10, `page:${id}:${i}`);
      await h.caughtUp();
      const first = await jsonRequest<StatementPage>(
        'GET',
        `${h.url}/accounts/${id}/statement?limit=2`,
      );
      expect(first.body.entries.map((e) => e.amountCents)).toEqual([50, 40]);
      expect(first.body.entries[0]).toMatchObject({ kind: 'deposit', balanceAfterCents: 150 });
      const second = await jsonRequest<StatementPage>(
        'GET',
        `${h.url}/accounts/${id}/statement?limit=2&before=${first.body.nextBefore}`,
      );
      expect(second.body.entries.map((e) => e.amountCents)).toEqual([30, 20]);
      const last = await jsonRequest<StatementPage>(
        'GET',
        `${h.url}/accounts/${id}/statement?limit=2&before=${second.body.nextBefore}`,
      );
      expect(last.body).toMatchObject({ entries: [{ amountCents: 10 }], nextBefore: null });
      expect((await jsonRequest('GET', `${h.url}/accounts/${id}/statement?limit=0`)).status).toBe(
        400,
      );
      const other = await jsonRequest('GET', `${h.url}/accounts/${id}/statement`, undefined, {
        'x-customer-id': 'c-someone-else',
      });
      expect(other.status).toBe(403);
    });

    it('rebuilds every read model from zero to the same rows', async () => {
      await h.caughtUp();
      const before = await readModelRows(h);
      expect(before.balances.length).toBeGreaterThan(0);
      for (const name of ['balances', 'statements', 'customer_overview']) {
        const started = await jsonRequest('POST', `${h.url}/projections/${name}/rebuild`);
        expect(started.status).toBe(200);
        expect(started.body).toMatchObject({ name, state: 'rebuilding' });
      }
      await h.caughtUp();
      expect(await readModelRows(h)).toEqual(before);
      const started = h.memory.spanEvents(cqrsEvents.rebuildStarted);
      const finished = h.memory.spanEvents(cqrsEvents.rebuildFinished);
      expect(started.map((a) => a['projection.name'])).toEqual([
        'balances',
        'statements',
        'customer_overview',
      ]);
      expect(finished.map((a) => a['projection.name']).sort()).toEqual([
        'balances',
        'customer_overview',
        'statements',
      ]);
    });
  });
}

/** The read models' contents, in a stable order (for before/after comparisons). */
async function readModelRows(h: AccountsHarness) {
  const rows = async (sql: string) => (await h.db.query(sql)).rows;
  return {
    balances: await rows('SELECT * FROM balances ORDER BY account_id'),
    statements: await rows('SELECT * FROM statements ORDER BY account_id, version'),
    overview: await rows('SELECT * FROM customer_overview ORDER BY customer_id, currency'),
    overviewAccounts: await rows('SELECT * FROM customer_overview_accounts ORDER BY account_id'),
  };
}

/** The read models as a plain fold of the events (the specification they must meet). */
function fold(events: readonly StoredEvent[]) {
  const balances = new Map<string, Record<string, unknown>>();
  const statements = new Map<string, Array<Record<string, unknown>>>();
  const overviews = new Map<string, CustomerOverview>();
  const customerOf = new Map<string, string>();
  const kinds: Record<string, string> = {
    'account.deposited': 'deposit',
    'account.debited': 'debit',
    'account.credited': 'credit',
  };
  for (const event of events) {
    const d = event.data as {
      accountId: string;
      owner: string;
      customerId?: string;
      currency: string;
      amountCents: number;
      balanceCents: number;
      entryId: string;
      reference: string;
    };
    if (event.type === 'account.opened') {
      balances.set(d.accountId, {
        id: d.accountId,
        owner: d.owner,
        ...(d.customerId === undefined ? {} : { customerId: d.customerId }),
        currency: d.currency,
        balanceCents: 0,
      });
      if (d.customerId !== undefined) {
        customerOf.set(d.accountId, d.customerId);
        const overview = overviews.get(d.customerId) ?? {
          customerId: d.customerId,
          accountsCount: 0,
          totalsCents: {},
          lastActivityAt: null,
        };
        overview.accountsCount += 1;
        overview.totalsCents[d.currency] ??= 0;
        overview.lastActivityAt = latest(overview.lastActivityAt, event.recordedAt);
        overviews.set(d.customerId, overview);
      }
      continue;
    }
    const kind = kinds[event.type];
    if (!kind) continue;
    balances.get(d.accountId)!.balanceCents = d.balanceCents;
    const list = statements.get(d.accountId) ?? [];
    list.unshift({
      entryId: d.entryId,
      kind,
      amountCents: d.amountCents,
      currency: d.currency,
      reference: d.reference,
      balanceAfterCents: d.balanceCents,
      at: event.recordedAt.toISOString(),
      version: event.version,
    });
    statements.set(d.accountId, list);
    const customer = customerOf.get(d.accountId);
    if (customer) {
      const overview = overviews.get(customer)!;
      const signed = kind === 'debit' ? -d.amountCents : d.amountCents;
      overview.totalsCents[d.currency] = (overview.totalsCents[d.currency] ?? 0) + signed;
      overview.lastActivityAt = latest(overview.lastActivityAt, event.recordedAt);
    }
  }
  return { balances, statements, overviews };
}

function latest(current: string | null, time: Date): string {
  return current !== null && current > time.toISOString() ? current : time.toISOString();
}

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cqrsEvents, cqrsMetrics } from '../../../collectors/contracts/conventions';
import { databaseTargets, type TestDatabase } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import { type AccountsHarness, startAccountsHarness } from './accounts-test-kit';

/** The projections' controls over HTTP (pause, resume, slow mode) and their telemetry. */
for (const target of databaseTargets()) {
  describe.skipIf(target.skip)(`accounts projection controls on ${target.label}`, () => {
    let data: TestDatabase;
    let h: AccountsHarness;

    beforeAll(async () => {
      data = await target.open();
      h = await startAccountsHarness(data.database);
    });
    afterEach(async () => {
      for (const name of ['balances', 'statements', 'customer_overview']) {
        await jsonRequest('POST', `${h.url}/projections/${name}/resume`);
        await jsonRequest('PUT', `${h.url}/projections/${name}/speed`, { delayMs: 0 });
      }
    });
    afterAll(async () => {
      await h?.close();
      await data?.cleanup();
    });

    it('lists every projection with its position, head and lag', async () => {
      const id = await h.open('Ada', 'c-ada');
      await h.entry(id, 'deposits', 100);
      await h.caughtUp();
      const all = await h.projections();
      expect(all.map((p) => p.name)).toEqual(['balances', 'statements', 'customer_overview']);
      for (const status of all) {
        expect(status).toEqual({
          name: status.name,
          state: 'running',
          position: status.head,
          head: status.head,
          lagEvents: 0,
          lagMs: 0,
          delayMs: 0,
        });
        expect(status.head).toBeGreaterThanOrEqual(2);
      }
    });

    it('lets lag grow while paused (reads stay stale) and catches up on resume', async () => {
      const id = await h.open('Bob', 'c-bob');
      await h.entry(id, 'deposits', 100);
      await h.caughtUp();
      const paused = await jsonRequest('POST', `${h.url}/projections/balances/pause`);
      expect(paused.body).toMatchObject({ name: 'balances', state: 'paused' });
      for (let i = 0; i < 3; i++) await h.entry(id, 'deposits', 10);
      const lagging = await eventually(async () => {
        const status = await h.projection('balances');
        return status.lagMs > 0 ? status : undefined;
      });
      expect(lagging).toMatchObject({ state: 'paused', lagEvents: 3 });
      // Other projections go on; the paused one serves what it had.
      expect((await jsonRequest('GET', `${h.url}/accounts/${id}`)).body.balanceCents).toBe(100);
      await eventually(async () =>
        (await h.projection('statements')).lagEvents === 0 ? true : undefined,
      );
      const statement = await jsonRequest<{ entries: unknown[] }>(
        'GET',
        `${h.url}/accounts/${id}/statement`,
      );
      expect(statement.body.entries).toHaveLength(4);
      // A freshly opened account is not there yet: 404 with the hint.
      const fresh = await h.open('Fresh');
      const missing = await jsonRequest('GET', `${h.url}/accounts/${fresh}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: 'account_not_found', accountId: fresh });
      expect(String(missing.body.hint)).toContain('read models may lag');

      await jsonRequest('POST', `${h.url}/projections/balances/resume`);
      await h.caughtUp();
      expect((await jsonRequest('GET', `${h.url}/accounts/${id}`)).body.balanceCents).toBe(130);
      expect((await jsonRequest('GET', `${h.url}/accounts/${fresh}`)).status).toBe(200);
      const names = (event: string) =>
        h.memory.spanEvents(event).map((attributes) => attributes['projection.name']);
      expect(names(cqrsEvents.paused)).toContain('balances');
      expect(names(cqrsEvents.resumed)).toContain('balances');
    });

    it('applies one event per delay in slow mode', async () => {
      const id = await h.open('Cyd', 'c-cyd');
      await h.caughtUp();
      const slow = await jsonRequest('PUT', `${h.url}/projections/statements/speed`, {
        delayMs: 150,
      });
      expect(slow.body).toMatchObject({ name: 'statements', delayMs: 150 });
      const started = Date.now();
      for (let i = 0; i < 4; i++) await h.entry(id, 'deposits', 5);
      // Half-way through, it has applied some but not all of them.
      const partly = await eventually(async () => {
        const status = await h.projection('statements');
        return status.lagEvents > 0 && status.lagEvents < 4 ? status : undefined;
      });
      expect(partly.state).toBe('running');
      await eventually(async () =>
        (await h.projection('statements')).lagEvents === 0 ? true : undefined,
      );
      // Four events, one delay after each of the first three at least.
      expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150);
      // The other projections were not slowed.
      expect((await h.projection('balances')).delayMs).toBe(0);
    });

    it('answers 404 for an unknown projection and 400 for a bad request', async () => {
      const unknown = await jsonRequest('POST', `${h.url}/projections/nope/pause`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        error: 'projection_not_found',
        message: 'no projection named nope',
        projections: ['balances', 'statements', 'customer_overview'],
      });
      const speed = await jsonRequest('PUT', `${h.url}/projections/nope/speed`, { delayMs: 5 });
      expect(speed.status).toBe(404);
      for (const body of [{}, { delayMs: -1 }, { delayMs: 'slow' }, { delayMs: 60_000 }]) {
        const bad = await jsonRequest('PUT', `${h.url}/projections/balances/speed`, body);
        expect(bad.status).toBe(400);
        expect(bad.body.error).toBe('invalid_request');
      }
      expect((await jsonRequest('POST', `${h.url}/projections/balances/explode`)).status).toBe(400);
    });

    it('reports the store head, the positions with state and the lag as gauges', async () => {
      const id = await h.open('Dan', 'c-dan');
      await h.caughtUp();
      await jsonRequest('POST', `${h.url}/projections/customer_overview/pause`);
      await h.entry(id, 'deposits', 7);
      const status = await eventually(async () => {
        const s = await h.projection('customer_overview');
        return s.lagEvents === 1 && s.lagMs > 0 ? s : undefined;
      });
      const points = await h.memory.gauges();
      const head = points.find((p) => p.name === cqrsMetrics.eventstorePosition);
      expect(head?.value).toBe(status.head);
      const position = points.find(
        (p) =>
          p.name === cqrsMetrics.projectionPosition &&
          p.attributes['projection.name'] === 'customer_overview',
      );
      expect(position).toMatchObject({
        value: status.head - 1,
        attributes: { 'projection.state': 'paused' },
      });
      const lag = points.find(
        (p) =>
          p.name === cqrsMetrics.projectionLagMs &&
          p.attributes['projection.name'] === 'customer_overview',
      );
      expect(lag?.value).toBeGreaterThan(0);
      // Catching up after a pause is one batch (one span), not one span per event.
      for (let i = 0; i < 4; i++) await h.entry(id, 'deposits', 1);
      await jsonRequest('POST', `${h.url}/projections/customer_overview/resume`);
      await h.caughtUp();
      const batches = h.memory.spans
        .getFinishedSpans()
        .filter(
          (span) =>
            span.name === 'projection.apply_batch' &&
            span.attributes['projection.name'] === 'customer_overview',
        );
      expect(batches.at(-1)?.attributes).toMatchObject({
        'projection.batch.size': 5,
        'projection.batch.first_position': status.head,
      });
    });
  });
}

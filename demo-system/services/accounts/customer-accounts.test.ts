import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBus } from '../../platform/bus/embedded-bus';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { jsonRequest } from '../../testing/http';
import { startAccountsService } from './server';

/**
 * Accounts remember who opened them (`x-customer-id`) and list them per customer. Reads come
 * from the read models; with the default read wait they show the caller's own writes.
 */
describe('accounts per customer', () => {
  let data: TestDatabase;
  let accounts: RunningService;
  const bus = createEmbeddedBus();
  const open = (owner: string, customer?: string) =>
    jsonRequest(
      'POST',
      `${accounts.url}/accounts`,
      { owner },
      customer ? { 'x-customer-id': customer } : {},
    );
  const list = (customer: string, caller?: string) =>
    jsonRequest<Array<Record<string, unknown>>>(
      'GET',
      `${accounts.url}/customers/${customer}/accounts`,
      undefined,
      caller ? { 'x-customer-id': caller } : {},
    );

  beforeAll(async () => {
    data = await openTestPglite();
    accounts = await startAccountsService({
      host: '127.0.0.1',
      port: 0,
      otlpEndpoint: 'http://127.0.0.1:1',
      database: data.database,
      bus,
      log: () => {},
    });
  });
  afterAll(async () => {
    await accounts?.close();
    await bus.close();
    await data?.cleanup();
  });

  it('stores the opening customer and lists their accounts, oldest first', async () => {
    const first = await open('Ada', 'c-ada');
    const second = await open('Ada savings', 'c-ada');
    await open('Bob', 'c-bob');
    const anonymous = await open('Nobody');
    expect(first.body.customerId).toBe('c-ada');
    expect(anonymous.body).not.toHaveProperty('customerId');
    const mine = await list('c-ada', 'c-ada');
    expect(mine.status).toBe(200);
    expect(mine.body.map((a) => a.id)).toEqual([first.body.id, second.body.id]);
    expect((await list('c-unknown')).body).toEqual([]);
    expect((await list('c-ada', 'c-bob')).status).toBe(403);
    expect(
      (await jsonRequest('GET', `${accounts.url}/accounts/${first.body.id}`)).body,
    ).toMatchObject({ customerId: 'c-ada' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { jsonRequest } from '../../testing/http';
import { startNotificationsService } from './server';
import { render } from './templates';

describe('render', () => {
  it('shows money with two decimals', () => {
    expect(render('transfer_completed', { amountCents: 12_305, currency: 'EUR' }).text).toBe(
      'Your transfer of 123.05 EUR was completed.',
    );
  });
});

describe('notifications over HTTP', () => {
  let data: TestDatabase;
  let service: RunningService;
  const post = (body: unknown, key?: string) =>
    jsonRequest(
      'POST',
      `${service.url}/notifications`,
      body,
      key ? { 'idempotency-key': key } : {},
    );
  const list = (customer: string, caller?: string) =>
    jsonRequest<{ notifications: Array<Record<string, unknown>> }>(
      'GET',
      `${service.url}/customers/${customer}/notifications`,
      undefined,
      caller ? { 'x-customer-id': caller } : {},
    );

  beforeAll(async () => {
    data = await openTestPglite();
    service = await startNotificationsService({
      host: '127.0.0.1',
      port: 0,
      otlpEndpoint: 'http://127.0.0.1:1',
      database: data.database,
    });
  });
  afterAll(async () => {
    await service?.close();
    await data?.cleanup();
  });

  it('records a notification as sent and lists it for its customer only', async () => {
    const res = await post({
      customerId: 'c-1',
      template: 'transfer_completed',
      data: { amountCents: 500 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'sent',
      channel: 'email',
      subject: 'Transfer completed',
    });
    const mine = await list('c-1', 'c-1');
    expect(mine.body.notifications.map((n) => n.id)).toEqual([res.body.id]);
    expect((await list('c-2')).body.notifications).toEqual([]);
    expect((await list('c-1', 'c-2')).status).toBe(403);
  });

  it('records a notification once per Idempotency-Key', async () => {
    const body = { customerId: 'c-3', template: 'order_completed', data: { fundId: 'f' } };
    const first = await post(body, 'n-1');
    const again = await post(body, 'n-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await list('c-3')).body.notifications).toHaveLength(1);
  });

  it('refuses an unknown template or channel', async () => {
    expect((await post({ customerId: 'c-1', template: 'spam' })).status).toBe(400);
    expect(
      (await post({ customerId: 'c-1', template: 'kyc_decided', channel: 'pigeon' })).status,
    ).toBe(400);
  });
});

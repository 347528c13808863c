import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBus } from '../../platform/bus/embedded-bus';
import type { EventBus } from '../../platform/bus/event-bus';
import { EVENT_CATALOG, type EventData, type EventType } from '../../platform/events/catalog';
import { createEvent, type EventEnvelope } from '../../platform/events/envelope';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
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
  let bus: EventBus;
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
    bus = createEmbeddedBus();
    service = await startNotificationsService({
      host: '127.0.0.1',
      port: 0,
      otlpEndpoint: 'http://127.0.0.1:1',
      database: data.database,
      bus,
      log: () => {},
    });
  });
  afterAll(async () => {
    await service?.close();
    await bus?.close();
    await data?.cleanup();
  });

  const publish = (...events: EventEnvelope[]) =>
    Promise.all(
      events.map((event) =>
        bus.publish(EVENT_CATALOG[event.type as EventType].topic, [
          {
            key: event.aggregateId,
            value: JSON.stringify(event),
            headers: { 'event-type': event.type, 'event-version': String(event.version) },
          },
        ]),
      ),
    );
  const event = <T extends EventType>(type: T, id: string, payload: EventData<T>) =>
    createEvent(type, payload, { aggregateId: id, correlationId: id, source: 'test' });
  const noticesOf = async (customer: string, count: number) =>
    eventually(
      async () => {
        const { notifications } = (await list(customer)).body;
        return notifications.length >= count ? notifications : undefined;
      },
      10_000,
      `${count} notices for ${customer}`,
    );

  it('records one notice per saga outcome from the bus, however often it is delivered', async () => {
    const disbursed = event('loan.disbursed', 'loan_1', {
      loanId: 'loan_1',
      customerId: 'c-loan',
      accountId: 'acc_1',
      amountCents: 250_000,
      currency: 'EUR',
    });
    const cancelled = event('loan.cancelled', 'loan_2', {
      loanId: 'loan_2',
      customerId: 'c-loan',
      reason: 'disbursement_timeout',
    });
    await publish(disbursed, cancelled, disbursed, cancelled);
    // A second event about the same outcome (another id) is still one notice.
    await publish({ ...disbursed, id: 'another-id' });
    const notices = await noticesOf('c-loan', 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await list('c-loan')).body.notifications).toHaveLength(2);
    expect(notices.map((n) => n.template).sort()).toEqual(['loan_cancelled', 'loan_disbursed']);
    expect(notices.find((n) => n.template === 'loan_disbursed')).toMatchObject({
      subject: 'Loan paid out',
      body: 'Your loan of 2500.00 EUR was paid into your account.',
      status: 'sent',
    });
  });

  it("records transfer outcomes once, with the key of payments' own notice", async () => {
    const completed = event('transfer.completed', 'trf_1', {
      transferId: 'trf_1',
      customerId: 'c-pay',
      fromAccountId: 'acc_a',
      toAccountId: 'acc_b',
      external: false,
      amountCents: 1_234,
      currency: 'EUR',
    });
    const anonymous = event('transfer.completed', 'trf_2', {
      transferId: 'trf_2',
      fromAccountId: 'acc_a',
      external: true,
      amountCents: 99,
      currency: 'EUR',
    });
    const compensated = event('transfer.compensated', 'trf_3', {
      transferId: 'trf_3',
      customerId: 'c-pay',
      reason: 'partner_rejected',
      compensations: ['refund'],
    });
    // Payments' HTTP notice for trf_1 arrived first: the event adds nothing.
    const byHttp = await post(
      { customerId: 'c-pay', template: 'transfer_completed', data: { amountCents: 1_234 } },
      'transfer:trf_1:notify',
    );
    expect(byHttp.status).toBe(201);
    await publish(completed, anonymous, compensated, compensated);
    const notices = await noticesOf('c-pay', 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await list('c-pay')).body.notifications).toHaveLength(2);
    expect(notices.map((n) => n.template).sort()).toEqual([
      'transfer_completed',
      'transfer_rejected',
    ]);
    expect(notices.find((n) => n.template === 'transfer_rejected')?.body).toContain(
      'partner_rejected',
    );
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

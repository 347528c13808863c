import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import { startAccountsService } from '../accounts/server';
import { startNotificationsService } from '../notifications/server';
import { partnerBankSchema } from '../partner-bank/migrations';
import { type PartnerBankService, startPartnerBankService } from '../partner-bank/server';
import { ExternalTransfersRepository } from '../partner-bank/transfers-repository';
import { classify } from './partner-port';
import { startPaymentsService } from './server';

/**
 * External transfers with real accounts, partner-bank and notifications over HTTP (port 0, no
 * sidecars). Money invariant: deposits = balances + what partner-bank accepted; a transfer is
 * paid out once even when it is retried after an outage.
 */
const common = { host: '127.0.0.1', port: 0, otlpEndpoint: 'http://127.0.0.1:1' };
const GOOD_IBAN = 'DE89370400440532013000';
const BAD_IBAN = 'DE88370400440532013000';

describe('classify (partner-bank answers)', () => {
  it('tells a definite refusal from unavailability; the open breaker holds', () => {
    expect(classify(201, undefined, { id: 'ext_1' })).toEqual({
      kind: 'accepted',
      partnerTransferId: 'ext_1',
    });
    expect(classify(503, 'breaker-open', { error: 'mesh_rejected' })).toMatchObject({
      kind: 'unavailable',
      reason: 'partner_bank_breaker_open',
    });
    expect(classify(503, 'bulkhead-full', null)).toMatchObject({ kind: 'unavailable' });
    expect(classify(500, undefined, null)).toMatchObject({ kind: 'unavailable' });
    expect(classify(429, undefined, null)).toMatchObject({ kind: 'unavailable' });
    expect(classify(422, undefined, { error: 'invalid_iban' })).toEqual({
      kind: 'refused',
      error: 'invalid_iban',
    });
  });
});

describe('external transfers over HTTP', () => {
  let data: TestDatabase;
  let accounts: RunningService;
  let partner: PartnerBankService;
  let notifications: RunningService;
  let payments: RunningService;
  let deposited = 0;
  const opened: string[] = [];

  const behave = (body: unknown) => jsonRequest('PUT', `${partner.url}/admin/behaviour`, body);
  const balance = async (id: string) =>
    Number((await jsonRequest('GET', `${accounts.url}/accounts/${id}`)).body.balanceCents);
  const openAccount = async (customer: string, depositCents: number) => {
    const res = await jsonRequest(
      'POST',
      `${accounts.url}/accounts`,
      { owner: customer },
      { 'x-customer-id': customer },
    );
    const id = String(res.body.id);
    await jsonRequest('POST', `${accounts.url}/accounts/${id}/deposits`, {
      amountCents: depositCents,
    });
    deposited += depositCents;
    opened.push(id);
    return id;
  };
  const sendOut = (service: RunningService, from: string, iban: string, amountCents: number) =>
    jsonRequest(
      'POST',
      `${service.url}/transfers`,
      { fromAccountId: from, toExternal: { iban, name: 'Grace Hopper' }, amountCents },
      { 'x-customer-id': 'c-sender' },
    );
  const transfer = (service: RunningService, id: string) =>
    jsonRequest('GET', `${service.url}/transfers/${id}`);
  const notices = async () =>
    (
      await jsonRequest<{ notifications: Array<{ data: { transferId?: string } }> }>(
        'GET',
        `${notifications.url}/customers/c-sender/notifications`,
      )
    ).body.notifications;
  /** partner-bank's own books: every transfer it accepted, however often it was asked. */
  const acceptedCents = async () =>
    new ExternalTransfersRepository(
      await data.database.openSchema(partnerBankSchema),
    ).acceptedTotalCents();

  beforeAll(async () => {
    data = await openTestPglite();
    accounts = await startAccountsService({ ...common, database: data.database });
    partner = await startPartnerBankService({ ...common, database: data.database });
    notifications = await startNotificationsService({ ...common, database: data.database });
    payments = await startPaymentsService({
      ...common,
      database: data.database,
      accountsUrl: accounts.url,
      partnerBankUrl: partner.url,
      notificationsUrl: notifications.url,
      schedulerIntervalMs: 50,
      holdBaseMs: 50,
      holdMaxMs: 200,
    });
  });
  afterAll(async () => {
    await payments?.close();
    await notifications?.close();
    await partner?.close();
    await accounts?.close();
    await data?.cleanup();
  });

  it('pays an external payee through partner-bank and notifies the sender', async () => {
    const from = await openAccount('c-sender', 10_000);
    const res = await sendOut(payments, from, GOOD_IBAN, 2_500);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'completed',
      notification: 'sent',
      toExternal: { iban: 'DE89…3000', name: 'Grace Hopper' },
    });
    expect(JSON.stringify(res.body)).not.toContain(GOOD_IBAN);
    expect(await balance(from)).toBe(7_500);
    expect((await notices()).map((n) => n.data.transferId)).toContain(res.body.id);
  });

  it('holds a transfer while partner-bank fails and completes it once after recovery', async () => {
    const from = await openAccount('c-sender', 10_000);
    await behave({ failureRate: 1 });
    let id = '';
    try {
      const res = await sendOut(payments, from, GOOD_IBAN, 4_000);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'held', reason: 'partner_bank_unavailable' });
      id = String(res.body.id);
      expect(await balance(from)).toBe(6_000);
    } finally {
      await behave({});
    }
    const done = await eventually(
      async () => {
        const res = await transfer(payments, id);
        return res.body.status === 'completed' ? res : undefined;
      },
      10_000,
      'the held transfer to complete',
    );
    expect(done.body).not.toHaveProperty('reason');
    expect(await balance(from)).toBe(6_000);
  });

  it('refunds the debit when partner-bank refuses the payee', async () => {
    const from = await openAccount('c-sender', 3_000);
    const res = await sendOut(payments, from, BAD_IBAN, 1_000);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 'rejected', reason: 'invalid_iban' });
    expect(await balance(from)).toBe(3_000);
  });

  it('completes a transfer while notifications is down; the notice follows later', async () => {
    const down = await startNotificationsService({ ...common, database: data.database });
    const port = down.port;
    await down.close();
    const lonely = await startPaymentsService({
      ...common,
      database: data.database,
      accountsUrl: accounts.url,
      partnerBankUrl: partner.url,
      notificationsUrl: `http://127.0.0.1:${port}`,
      schedulerIntervalMs: 50,
    });
    let back: RunningService | undefined;
    try {
      const from = await openAccount('c-sender', 5_000);
      const res = await sendOut(lonely, from, GOOD_IBAN, 1_500);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'completed', notification: 'pending' });
      expect(await balance(from)).toBe(3_500);
      back = await startNotificationsService({ ...common, port, database: data.database });
      await eventually(
        async () =>
          (await transfer(lonely, String(res.body.id))).body.notification === 'sent'
            ? true
            : undefined,
        10_000,
        'the pending notice to be sent',
      );
      const sent = (await notices()).filter((n) => n.data.transferId === res.body.id);
      expect(sent).toHaveLength(1);
    } finally {
      await lonely.close();
      await back?.close();
    }
  });

  it('keeps the money invariant: deposits = balances + paid out by partner-bank', async () => {
    const ours = await jsonRequest<Array<{ balanceCents: number }>>(
      'GET',
      `${accounts.url}/customers/c-sender/accounts`,
    );
    const balances = ours.body.reduce((sum, a) => sum + a.balanceCents, 0);
    expect(opened).toHaveLength(ours.body.length);
    // 2 500 + 4 000 + 1 500 paid out; the refused 1 000 came back.
    expect(deposited - balances).toBe(8_000);
    expect(await acceptedCents()).toBe(8_000);
  });
});

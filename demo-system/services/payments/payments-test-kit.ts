import { createEmbeddedBus } from '../../platform/bus/embedded-bus';
import type { EventBus } from '../../platform/bus/event-bus';
import type { RunningService } from '../../platform/service';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { eventually, type JsonResponse, jsonRequest } from '../../testing/http';
import { accountsSchema } from '../accounts/migrations';
import { startAccountsService } from '../accounts/server';
import { startNotificationsService } from '../notifications/server';
import { type PartnerBankService, startPartnerBankService } from '../partner-bank/server';
import { type PaymentsServiceOptions, startPaymentsService } from './server';

/**
 * Test support for payments' HTTP suites: the real accounts, partner-bank, notifications and
 * payments services over HTTP (port 0, no sidecars) on one PGlite and one embedded bus.
 */
export const common = { host: '127.0.0.1', port: 0, otlpEndpoint: 'http://127.0.0.1:1' };
export const GOOD_IBAN = 'DE89370400440532013000';
export const BAD_IBAN = 'DE88370400440532013000';
const quiet = () => undefined;

export interface Bank {
  data: TestDatabase;
  bus: EventBus;
  accounts: RunningService;
  partner: PartnerBankService;
  notifications: RunningService;
  payments: RunningService;
  deposited(): number;
  close(): Promise<void>;
  openAccount(customer: string, depositCents: number): Promise<string>;
  balance(id: string): Promise<number>;
  transfer(customer: string, body: Record<string, unknown>): Promise<JsonResponse>;
  get(id: string): Promise<JsonResponse>;
  behave(body: unknown): Promise<unknown>;
  /** The ledger references applied for a transfer, sorted (accounts' own books). */
  applied(transferId: string): Promise<string[]>;
  /** Templates of the customer's notices about this transfer, once `count` arrived. */
  notices(customer: string, transferId: string, count?: number): Promise<string[]>;
}

export async function startBank(
  paymentsOptions: Partial<PaymentsServiceOptions> = {},
): Promise<Bank> {
  const data = await openTestPglite();
  const bus = createEmbeddedBus();
  const { database } = data;
  const accounts = await startAccountsService({ ...common, database, bus, log: quiet });
  const partner = await startPartnerBankService({ ...common, database });
  const notifications = await startNotificationsService({ ...common, database, bus, log: quiet });
  const payments = await startPaymentsService({
    ...common,
    database,
    bus,
    log: quiet,
    accountsUrl: accounts.url,
    partnerBankUrl: partner.url,
    schedulerIntervalMs: 50,
    holdBaseMs: 50,
    holdMaxMs: 200,
    ...paymentsOptions,
  });
  let deposited = 0;
  return {
    data,
    bus,
    accounts,
    partner,
    notifications,
    payments,
    deposited: () => deposited,
    close: async () => {
      await payments.close();
      await notifications.close();
      await partner.close();
      await accounts.close();
      await bus.close();
      await data.cleanup();
    },
    openAccount: async (customer, depositCents) => {
      const res = await jsonRequest(
        'POST',
        `${accounts.url}/accounts`,
        { owner: customer },
        { 'x-customer-id': customer },
      );
      const id = String(res.body.id);
      if (depositCents > 0) {
        await jsonRequest('POST', `${accounts.url}/accounts/${id}/deposits`, {
          amountCents: depositCents,
        });
        deposited += depositCents;
      }
      return id;
    },
    balance: async (id) =>
      Number((await jsonRequest('GET', `${accounts.url}/accounts/${id}`)).body.balanceCents),
    transfer: (customer, body) =>
      jsonRequest('POST', `${payments.url}/transfers`, body, { 'x-customer-id': customer }),
    get: (id) => jsonRequest('GET', `${payments.url}/transfers/${id}`),
    behave: (body) => jsonRequest('PUT', `${partner.url}/admin/behaviour`, body),
    applied: async (transferId) => {
      const db = await database.openSchema(accountsSchema);
      const { rows } = await db.query<{ reference: string }>(
        `SELECT reference FROM ledger_entries
         WHERE reference LIKE $1 AND status = 'applied' ORDER BY reference`,
        [`transfer:${transferId}:%`],
      );
      return rows.map((row) => row.reference.slice(`transfer:${transferId}:`.length));
    },
    notices: (customer, transferId, count = 1) =>
      eventually(
        async () => {
          const res = await jsonRequest<{
            notifications: Array<{ template: string; data: { transferId?: string } }>;
          }>('GET', `${notifications.url}/customers/${customer}/notifications`, undefined, {
            'x-customer-id': customer,
          });
          const mine = res.body.notifications.filter((n) => n.data.transferId === transferId);
          return mine.length >= count ? mine.map((n) => n.template) : undefined;
        },
        10_000,
        `${count} notice(s) about ${transferId}`,
      ),
  };
}

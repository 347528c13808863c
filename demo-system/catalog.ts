import type { CatalogEntry, ServiceContext } from './runtime/catalog-types';
import { accountsSchema } from './services/accounts/migrations';
import { ACCOUNTS_SERVICE, startAccountsService } from './services/accounts/server';
import { GATEWAY_SERVICE, startGatewayService } from './services/gateway/server';
import { kycSchema } from './services/kyc/migrations';
import { KYC_SERVICE, startKycService } from './services/kyc/server';
import { lendingSchema } from './services/lending/migrations';
import { LENDING_SERVICE, startLendingService } from './services/lending/server';
import { notificationsSchema } from './services/notifications/migrations';
import { NOTIFICATIONS_SERVICE, startNotificationsService } from './services/notifications/server';
import { partnerBankSchema } from './services/partner-bank/migrations';
import { PARTNER_BANK_SERVICE, startPartnerBankService } from './services/partner-bank/server';
import { paymentsSchema } from './services/payments/migrations';
import { PAYMENTS_SERVICE, startPaymentsService } from './services/payments/server';
import { wealthSchema } from './services/wealth/migrations';
import { startWealthService, WEALTH_SERVICE } from './services/wealth/server';

export type {
  CatalogEntry,
  CatalogService,
  ServiceContext,
  ServiceRole,
  UpstreamRef,
} from './runtime/catalog-types';

/**
 * The bank's services, one entry each. Adding a service is adding its entry here: the
 * platform starts the catalog in dependency order (upstreams first), each service with its
 * own telemetry and sidecar; the control plane lists it; `npm run service -- <name>` runs it
 * alone. An entry adapts the platform's `ServiceContext` to the service's start options.
 */

/** What every service's options share, from the platform's context. */
export function serviceBasics(c: ServiceContext) {
  return {
    host: c.host,
    port: c.port,
    otlpEndpoint: c.otlpEndpoint,
    telemetry: c.telemetry,
    database: c.database,
  };
}

const accounts: CatalogEntry = {
  name: ACCOUNTS_SERVICE,
  role: 'mesh',
  usesBus: true,
  schema: accountsSchema,
  upstreams: [],
  start: (c) => startAccountsService({ ...serviceBasics(c), bus: c.bus, log: c.log }),
};

/** The external third party: outside the mesh, reached over plain HTTP, flaky on demand. */
const partnerBank: CatalogEntry = {
  name: PARTNER_BANK_SERVICE,
  role: 'external',
  schema: partnerBankSchema,
  upstreams: [],
  start: (c) => startPartnerBankService(serviceBasics(c)),
};

const kyc: CatalogEntry = {
  name: KYC_SERVICE,
  role: 'mesh',
  schema: kycSchema,
  upstreams: [],
  start: (c) => startKycService(serviceBasics(c)),
};

const notifications: CatalogEntry = {
  name: NOTIFICATIONS_SERVICE,
  role: 'mesh',
  usesBus: true,
  schema: notificationsSchema,
  upstreams: [],
  start: (c) => startNotificationsService({ ...serviceBasics(c), bus: c.bus, log: c.log }),
};

const lending: CatalogEntry = {
  name: LENDING_SERVICE,
  role: 'mesh',
  usesBus: true,
  schema: lendingSchema,
  upstreams: [{ name: ACCOUNTS_SERVICE }, { name: KYC_SERVICE }],
  start: (c) =>
    startLendingService({
      ...serviceBasics(c),
      bus: c.bus,
      log: c.log,
      accountsUrl: required(c.upstreams, ACCOUNTS_SERVICE),
      kycUrl: required(c.upstreams, KYC_SERVICE),
    }),
};

const wealth: CatalogEntry = {
  name: WEALTH_SERVICE,
  role: 'mesh',
  schema: wealthSchema,
  // The market feed must answer fast or wealth serves its cached prices (marked stale).
  upstreams: [
    { name: ACCOUNTS_SERVICE },
    { name: PARTNER_BANK_SERVICE, policy: { timeoutMs: 1_000 } },
  ],
  start: (c) =>
    startWealthService({
      ...serviceBasics(c),
      accountsUrl: required(c.upstreams, ACCOUNTS_SERVICE),
      partnerBankUrl: required(c.upstreams, PARTNER_BANK_SERVICE),
    }),
};

/**
 * payments -> partner-bank: a breaker that opens after 3 failures in a row and probes again
 * after 5 s; while it is open, payments holds external transfers instead of failing them.
 */
const PARTNER_BANK_POLICY = {
  timeoutMs: 2_000,
  retry: { maxRetries: 1 },
  breaker: { mode: 'consecutive' as const, consecutiveFailures: 3, halfOpenAfterMs: 5_000 },
};

const payments: CatalogEntry = {
  name: PAYMENTS_SERVICE,
  role: 'mesh',
  usesBus: true,
  schema: paymentsSchema,
  upstreams: [
    // Payments' own client gives up after 2 s per ledger call and retries keyed calls itself.
    { name: ACCOUNTS_SERVICE, policy: { timeoutMs: 2_000 } },
    { name: PARTNER_BANK_SERVICE, optional: true, policy: PARTNER_BANK_POLICY },
  ],
  // Completion notices go through the bus (`transfer.completed`, consumed by notifications).
  start: (c) =>
    startPaymentsService({
      ...serviceBasics(c),
      bus: c.bus,
      log: c.log,
      accountsUrl: required(c.upstreams, ACCOUNTS_SERVICE),
      ...optionalUrl('partnerBankUrl', c.upstreams[PARTNER_BANK_SERVICE]),
    }),
};

const gateway: CatalogEntry = {
  name: GATEWAY_SERVICE,
  role: 'entry',
  schema: null,
  upstreams: [
    { name: ACCOUNTS_SERVICE, policy: { timeoutMs: 3_000 } },
    // At least the gateway's own 15 s for a transfer (ADR 0005), else the sidecar answers 504
    // while the saga is still running.
    { name: PAYMENTS_SERVICE, policy: { timeoutMs: 16_000 } },
    { name: LENDING_SERVICE, optional: true, policy: { timeoutMs: 16_000 } },
    { name: WEALTH_SERVICE, optional: true, policy: { timeoutMs: 16_000 } },
    { name: KYC_SERVICE, optional: true },
    { name: NOTIFICATIONS_SERVICE, optional: true },
  ],
  start: async (c) => {
    const service = await startGatewayService({
      host: c.host,
      port: c.port,
      otlpEndpoint: c.otlpEndpoint,
      telemetry: c.telemetry,
      dataDir: c.dataDir,
      log: c.log,
      accountsUrl: required(c.upstreams, ACCOUNTS_SERVICE),
      paymentsUrl: required(c.upstreams, PAYMENTS_SERVICE),
      ...optionalUrl('lendingUrl', c.upstreams[LENDING_SERVICE]),
      ...optionalUrl('wealthUrl', c.upstreams[WEALTH_SERVICE]),
      ...optionalUrl('kycUrl', c.upstreams[KYC_SERVICE]),
      ...optionalUrl('notificationsUrl', c.upstreams[NOTIFICATIONS_SERVICE]),
    });
    return {
      ...service,
      mintToken: (customerId) => service.issueToken({ customerId, name: `Traffic ${customerId}` }),
    };
  },
};

export const CATALOG: readonly CatalogEntry[] = [
  partnerBank,
  accounts,
  kyc,
  notifications,
  lending,
  wealth,
  payments,
  gateway,
];

export function catalogEntry(name: string, catalog = CATALOG): CatalogEntry | undefined {
  return catalog.find((entry) => entry.name === name);
}

export function required(upstreams: Readonly<Record<string, string>>, name: string): string {
  const url = upstreams[name];
  if (!url) throw new Error(`catalog: upstream ${name} has no URL`);
  return url;
}

/** `{ [key]: url }` when the upstream is in the catalog, `{}` when it is not. */
function optionalUrl<K extends string>(
  key: K,
  url: string | undefined,
): Partial<Record<K, string>> {
  return url ? ({ [key]: url } as Record<K, string>) : {};
}

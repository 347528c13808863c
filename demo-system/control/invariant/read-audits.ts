import type { z } from 'zod';
import {
  type AccountsAudit,
  AUDITED,
  type AuditReading,
  accountsAuditSchema,
  type LendingAudit,
  lendingAuditSchema,
  type PartnerBankAudit,
  type PaymentsAudit,
  partnerBankAuditSchema,
  paymentsAuditSchema,
} from './audit-figures';
import {
  checkInvariant,
  type InvariantResult,
  lendingUnchanged,
  paymentsUnchanged,
} from './invariant';

/**
 * The I/O half of GET /invariant: reads each service's `GET /audit` and brackets accounts'
 * snapshot between two reads of payments (and lending), retrying until they agree (a
 * consistent cut, ADR 0006); after `attempts` it checks the last reading anyway, with the
 * rules that need a cut skipped.
 */

/** A service's audit could not be read (down, not answering, or answering something else). */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
  constructor(
    readonly service: string,
    message: string,
  ) {
    super(message);
  }
}

export interface InvariantReport extends InvariantResult {
  checkedAt: string;
  /** Readings taken until one was a consistent cut (or the limit). */
  attempts: number;
}

export interface ReadInvariantOptions {
  /** The base URL of each running service's own listener, by catalog name. */
  urls: Readonly<Record<string, string>>;
  stuckAfterMs: number;
  /** Readings before giving up on a consistent cut; default 10. */
  attempts?: number;
  /** Per request; default 5 s. */
  timeoutMs?: number;
  now?: () => Date;
}

export async function readInvariant(options: ReadInvariantOptions): Promise<InvariantReport> {
  const attempts = options.attempts ?? 10;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const get = <T>(service: string, schema: z.ZodType<T>) =>
    readAudit(options.urls, service, schema, timeoutMs);
  const optional = <T>(service: string, schema: z.ZodType<T>) =>
    options.urls[service] ? get(service, schema) : Promise.resolve(null);

  let reading: AuditReading | undefined;
  let attempt = 0;
  while (attempt < attempts) {
    attempt += 1;
    const [paymentsBefore, lendingBefore] = await Promise.all([
      get<PaymentsAudit>(AUDITED.payments, paymentsAuditSchema),
      optional<LendingAudit>(AUDITED.lending, lendingAuditSchema),
    ]);
    const [accounts, partnerBank] = await Promise.all([
      get<AccountsAudit>(AUDITED.accounts, accountsAuditSchema),
      optional<PartnerBankAudit>(AUDITED.partnerBank, partnerBankAuditSchema),
    ]);
    const [paymentsAfter, lendingAfter] = await Promise.all([
      get<PaymentsAudit>(AUDITED.payments, paymentsAuditSchema),
      optional<LendingAudit>(AUDITED.lending, lendingAuditSchema),
    ]);
    reading = {
      accounts,
      paymentsBefore,
      paymentsAfter,
      partnerBank,
      lendingBefore,
      lendingAfter,
    };
    if (
      paymentsUnchanged(paymentsBefore, paymentsAfter) &&
      lendingUnchanged(lendingBefore, lendingAfter)
    ) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
  if (!reading) throw new Error('invariant: attempts must be at least 1');
  const now = options.now?.() ?? new Date();
  const result = checkInvariant(reading, { now, stuckAfterMs: options.stuckAfterMs });
  return { ...result, checkedAt: now.toISOString(), attempts: attempt };
}

async function readAudit<T>(
  urls: Readonly<Record<string, string>>,
  service: string,
  schema: z.ZodType<T>,
  timeoutMs: number,
): Promise<T> {
  const base = urls[service];
  if (!base) throw new AuditUnavailableError(service, `${service} is not running`);
  let response: Response;
  try {
    response = await fetch(`${base}/audit`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new AuditUnavailableError(
      service,
      `${service}'s GET /audit did not answer: ${(error as Error).message}`,
    );
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new AuditUnavailableError(
      service,
      `${service}'s GET /audit answered ${response.status}: ${text.slice(0, 200)}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AuditUnavailableError(service, `${service}'s GET /audit answered something not JSON`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; ');
    throw new AuditUnavailableError(
      service,
      `${service}'s GET /audit does not match the audit contract: ${problems}`,
    );
  }
  return parsed.data;
}

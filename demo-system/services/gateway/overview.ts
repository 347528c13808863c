import { type ServiceClient, UpstreamError } from '../../platform/http-client';
import { toV2Fields } from './v2-representation';

/**
 * The customer overview: accounts, lending and wealth fetched in parallel, each with its own
 * timeout. A backend that is not configured, unreachable, slow or answering an error leaves
 * its section `null` and is listed in `missing`; the answer is then `partial` (still 200).
 * Only when every backend is missing is there nothing to show (502).
 */

export const OVERVIEW_SECTIONS = ['accounts', 'lending', 'wealth'] as const;
export type OverviewSection = (typeof OVERVIEW_SECTIONS)[number];

/** What each backend must serve: 200 with JSON (an empty list for a customer it has no data for). */
export const OVERVIEW_SOURCES: Readonly<Record<OverviewSection, string>> = {
  accounts: '/customers/:customerId/accounts',
  lending: '/customers/:customerId/loans',
  wealth: '/customers/:customerId/portfolio',
};

export type MissingReason =
  | 'not_configured'
  | 'timeout'
  | 'unreachable'
  | 'bad_status'
  | 'bad_body';

export interface MissingSection {
  service: OverviewSection;
  reason: MissingReason;
  /** The backend's HTTP status, for `bad_status`. */
  status?: number;
}

export interface Overview {
  customerId: string;
  sections: Record<OverviewSection, unknown>;
  partial: boolean;
  missing: MissingSection[];
}

type SectionResult = { ok: true; body: unknown } | { ok: false; missing: MissingSection };

export async function fetchOverview(
  clients: Partial<Record<OverviewSection, ServiceClient>>,
  customerId: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<Overview> {
  const results = await Promise.all(
    OVERVIEW_SECTIONS.map((service) =>
      fetchSection(service, clients[service], customerId, timeoutMs, headers),
    ),
  );
  const sections = {} as Record<OverviewSection, unknown>;
  const missing: MissingSection[] = [];
  OVERVIEW_SECTIONS.forEach((service, i) => {
    const result = results[i]!;
    sections[service] = result.ok ? result.body : null;
    if (!result.ok) missing.push(result.missing);
  });
  return { customerId, sections, partial: missing.length > 0, missing };
}

async function fetchSection(
  service: OverviewSection,
  client: ServiceClient | undefined,
  customerId: string,
  timeoutMs: number,
  headers: Record<string, string>,
): Promise<SectionResult> {
  const missing = (reason: MissingReason, status?: number): SectionResult => ({
    ok: false,
    missing: { service, reason, ...(status !== undefined ? { status } : {}) },
  });
  if (!client) return missing('not_configured');
  try {
    const response = await client.call('GET', OVERVIEW_SOURCES[service], {
      params: { customerId },
      headers,
      timeoutMs,
    });
    if (response.status !== 200) return missing('bad_status', response.status);
    if (typeof response.body !== 'object' || response.body === null) return missing('bad_body');
    return { ok: true, body: response.body };
  } catch (error) {
    if (error instanceof UpstreamError) return missing(error.reason);
    throw error;
  }
}

/** Nothing at all to show: every backend is missing. */
export function isEmpty(overview: Overview): boolean {
  return overview.missing.length === OVERVIEW_SECTIONS.length;
}

/** /v1: `{ customerId, accounts, lending, wealth, partial, missing }`, money in cents. */
export function overviewV1(overview: Overview) {
  return {
    customerId: overview.customerId,
    ...overview.sections,
    partial: overview.partial,
    missing: overview.missing,
  };
}

/** /v2: `{ data: { customerId, accounts, lending, wealth }, partial, missing, links }`. */
export function overviewV2(overview: Overview) {
  const self = `/v2/customers/${encodeURIComponent(overview.customerId)}/overview`;
  return {
    data: toV2Fields({ customerId: overview.customerId, ...overview.sections }),
    partial: overview.partial,
    missing: overview.missing,
    links: { self },
  };
}

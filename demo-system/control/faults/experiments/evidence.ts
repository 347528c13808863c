import { z } from 'zod';

/**
 * What an experiment reads back to judge its hypothesis: the gateway's RED figures, failed
 * traces and unfinished sagas from the collectors' query API, and the money invariant from the
 * control plane's GET /invariant.
 */

const redSchema = z.object({
  services: z.array(
    z.object({
      service: z.string(),
      requestRatePerSecond: z.number(),
      errorRate: z.number(),
      latencyMs: z.object({ p95: z.number() }),
      totalRequests: z.number(),
      totalErrors: z.number(),
    }),
  ),
});

export interface RedReading {
  requestRatePerSecond: number;
  errorRate: number;
  p95Ms: number;
  totalRequests: number;
  totalErrors: number;
}

export const GATEWAY = 'gateway';

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

export async function readRed(apiUrl: string, service = GATEWAY): Promise<RedReading | undefined> {
  const red = redSchema.parse(await getJson(`${apiUrl}/api/v1/red`));
  const series = red.services.find((s) => s.service === service);
  if (!series) return undefined;
  return {
    requestRatePerSecond: series.requestRatePerSecond,
    errorRate: series.errorRate,
    p95Ms: series.latencyMs.p95,
    totalRequests: series.totalRequests,
    totalErrors: series.totalErrors,
  };
}

const tracesSchema = z.object({ traces: z.array(z.object({ traceId: z.string() })) });

/** Ids of gateway traces in [from, to] with an error span (a failed retry counts, even when the call succeeded). */
export async function failedTraceIds(
  apiUrl: string,
  fromUnixMs: number,
  toUnixMs: number,
  limit = 20,
) {
  const query = new URLSearchParams({
    service: GATEWAY,
    status: 'error',
    startUnixMs: String(Math.floor(fromUnixMs)),
    endUnixMs: String(Math.ceil(toUnixMs)),
    limit: String(limit),
  });
  const answer = tracesSchema.parse(await getJson(`${apiUrl}/api/v1/traces?${query}`));
  return answer.traces.map((t) => t.traceId);
}

const sagasSchema = z.object({
  sagas: z.array(
    z.object({ id: z.string(), name: z.string(), status: z.string(), startUnixMs: z.number() }),
  ),
});

/** Sagas still running or compensating that started before `startedBefore`. */
export async function unfinishedSagas(apiUrl: string, startedBefore: number) {
  const found: Array<{ id: string; name: string; status: string }> = [];
  for (const status of ['running', 'compensating']) {
    const answer = sagasSchema.parse(
      await getJson(`${apiUrl}/api/v1/sagas?status=${status}&limit=500`),
    );
    for (const saga of answer.sagas) {
      if (saga.startUnixMs <= startedBefore)
        found.push({ id: saga.id, name: saga.name, status: saga.status });
    }
  }
  return found;
}

export interface InvariantReading {
  /** undefined: the control plane offers no /invariant (or it could not be read). */
  ok: boolean | undefined;
  detail: string;
}

const invariantSchema = z.object({
  ok: z.boolean(),
  violations: z.array(z.object({ rule: z.string(), detail: z.string() })).default([]),
});

/** GET <controlUrl>/invariant with the caller's authorization. */
export function invariantReader(controlUrl: string, authorization?: string) {
  return async (): Promise<InvariantReading> => {
    try {
      const response = await fetch(`${controlUrl}/invariant`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 404)
        return { ok: undefined, detail: 'GET /invariant is not offered' };
      const body = await response.json();
      if (response.status === 503)
        return { ok: false, detail: `audit unavailable: ${JSON.stringify(body)}` };
      const parsed = invariantSchema.parse(body);
      return {
        ok: parsed.ok,
        detail: parsed.ok
          ? 'holds'
          : parsed.violations.map((v) => `${v.rule}: ${v.detail}`).join('; '),
      };
    } catch (error) {
      return { ok: undefined, detail: `could not read /invariant: ${(error as Error).message}` };
    }
  };
}

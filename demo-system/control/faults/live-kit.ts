import { parseCollectorsConfig } from '../../../collectors/config';
import type { FaultsSnapshot, FaultWindow } from '../../../collectors/contracts/faults';
import type { MetricSeriesResponse } from '../../../collectors/contracts/metrics';
import { apiRoutes } from '../../../collectors/contracts/routes';
import type { TraceSearchResponse, TraceSummary } from '../../../collectors/contracts/trace-search';
import { type RunningCollectors, startCollectors } from '../../../collectors/start-collectors';
import { type Platform, startPlatform } from '../../start-platform';
import { openTestPglite, type TestDatabase } from '../../testing/database';
import { eventually, jsonRequest } from '../../testing/http';
import type { FaultView } from './types';

/**
 * Test support for fault tests against the live in-process platform, reporting to a real
 * collectors instance: start both, inject through the control plane's API, read the effect
 * back from the collectors' query API.
 */

export interface LivePlatform {
  collectors: RunningCollectors;
  platform: Platform;
  close(): Promise<void>;
}

export async function startLivePlatform(trafficRate: number): Promise<LivePlatform> {
  const collectors = await startCollectors(
    parseCollectorsConfig({ COLLECTORS_OTLP_PORT: '0', COLLECTORS_API_PORT: '0' }),
  );
  let data: (TestDatabase & { dataDir: string }) | undefined;
  try {
    data = await openTestPglite();
    const platform = await startPlatform(
      {
        host: '127.0.0.1',
        gatewayPort: 0,
        controlPort: 0,
        otlpEndpoint: collectors.otlpUrl,
        trafficRate,
        trafficSeed: 11,
        dataDir: data.dataDir,
      },
      {
        log: () => undefined,
        database: data.database,
        metricIntervalMs: 500,
        collectorsApiUrl: collectors.apiUrl,
      },
    );
    const opened = data;
    return {
      collectors,
      platform,
      close: async () => {
        await platform.close();
        await opened.cleanup();
        await collectors.close();
      },
    };
  } catch (error) {
    await data?.cleanup();
    await collectors.close();
    throw error;
  }
}

export async function injectFault(
  controlUrl: string,
  request: { kind: string; target: string; params?: object; ttlSeconds?: number },
): Promise<FaultView> {
  const answer = await jsonRequest<FaultView>('POST', `${controlUrl}/faults`, request);
  if (answer.status !== 201) {
    throw new Error(`POST /faults answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

export async function revertFault(controlUrl: string, id: string): Promise<FaultView> {
  const answer = await jsonRequest<FaultView>('DELETE', `${controlUrl}/faults/${id}`);
  if (answer.status !== 200) throw new Error(`DELETE /faults/${id} answered ${answer.status}`);
  return answer.body;
}

export async function searchTraces(
  collectors: RunningCollectors,
  query: Record<string, string | number>,
): Promise<TraceSummary[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) params.append(key, String(value));
  const answer = await jsonRequest<TraceSearchResponse>(
    'GET',
    `${collectors.apiUrl}${apiRoutes.traces}?${params}`,
  );
  return answer.body.traces;
}

/** Waits for at least one trace matching `query`. */
export function traceMatching(
  collectors: RunningCollectors,
  query: Record<string, string | number>,
  timeoutMs = 20_000,
): Promise<TraceSummary[]> {
  return eventually(
    async () => {
      const traces = await searchTraces(collectors, query);
      return traces.length > 0 ? traces : undefined;
    },
    timeoutMs,
    `a trace matching ${JSON.stringify(query)}`,
  );
}

/** The fault window the collectors built from fault.started/fault.ended, once it ended. */
export function endedWindow(collectors: RunningCollectors, id: string): Promise<FaultWindow> {
  return eventually(
    async () => {
      const snapshot = (
        await jsonRequest<FaultsSnapshot>('GET', `${collectors.apiUrl}${apiRoutes.faults}`)
      ).body;
      return snapshot.history.find((w) => w.id === id && w.startedAtUnixMs !== null);
    },
    15_000,
    `the ended window of ${id} at the collectors`,
  );
}

/** The fault window while active at the collectors. */
export function activeWindow(collectors: RunningCollectors, id: string): Promise<FaultWindow> {
  return eventually(
    async () => {
      const snapshot = (
        await jsonRequest<FaultsSnapshot>('GET', `${collectors.apiUrl}${apiRoutes.faults}`)
      ).body;
      return snapshot.active.find((w) => w.id === id);
    },
    15_000,
    `the active window of ${id} at the collectors`,
  );
}

/** Gauge points of `name` reported by `service` since `fromUnixMs`. */
export async function gaugeValues(
  collectors: RunningCollectors,
  service: string,
  name: string,
  fromUnixMs: number,
): Promise<Array<{ t: number; v: number }>> {
  const params = new URLSearchParams({ name, service, fromUnixMs: String(fromUnixMs) });
  const answer = await jsonRequest<MetricSeriesResponse>(
    'GET',
    `${collectors.apiUrl}${apiRoutes.metricSeries}?${params}`,
  );
  return answer.body.series.flatMap((s) =>
    s.points.flatMap((p) => ('value' in p ? [{ t: p.timeUnixMs, v: p.value }] : [])),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

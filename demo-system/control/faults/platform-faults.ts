import type { ServiceNode } from '../../runtime/service-node';
import { listProjections } from '../projections';
import type { BusFaults } from './bus-faults';
import { FAULT_KINDS } from './catalog';
import { FaultEngine } from './engine';
import { ExperimentRunner } from './experiments/runner';
import { createFaultTelemetry, type FaultTelemetry } from './fault-telemetry';
import { PARTNER_BANK } from './platform-kinds';
import type { CrashControl, FaultPlatform, TrafficControl } from './types';

/**
 * The fault engine of the in-process platform (start-platform.ts): its targets are read from
 * the running nodes on every call, so only the platform's own services, edges and pairs can be
 * hit; its starts and ends go out as OTLP log records of `control-plane`.
 */

export interface PlatformFaultsOptions {
  nodes: () => readonly ServiceNode[];
  traffic: TrafficControl;
  crash?: CrashControl;
  /** The buses' fault points (createBusFaults(), whose `wrap` the services' buses went through). */
  bus?: BusFaults;
  otlpEndpoint: string;
  /**
   * The collectors' query API, which experiments judge their hypothesis by. Default
   * COLLECTORS_API_URL, else the OTLP endpoint's host on port 4320 when it uses 4318.
   */
  collectorsApiUrl?: string;
  metricIntervalMs?: number;
  warn?: (line: string) => void;
}

export interface PlatformFaults {
  engine: FaultEngine;
  experiments: ExperimentRunner;
  telemetry: FaultTelemetry;
  /** Reverts every fault, then flushes and stops the fault telemetry. */
  close(): Promise<void>;
}

export function faultPlatformOf(
  nodes: () => readonly ServiceNode[],
  traffic: TrafficControl,
  crash?: CrashControl,
  bus?: BusFaults,
): FaultPlatform {
  return {
    services: () =>
      nodes().map((n) => ({
        name: n.entry.name,
        role: n.entry.role,
        upstreams: n.sidecar?.topology().upstreams.map((u) => u.name) ?? [],
      })),
    sidecarRules: (service) => {
      const sidecar = nodes().find((n) => n.entry.name === service)?.sidecar;
      return sidecar?.meshUrl ? sidecar.faults : undefined;
    },
    partnerBankUrl: () => nodes().find((n) => n.entry.name === PARTNER_BANK)?.service.url,
    traffic,
    ...(crash ? { crash } : {}),
    ...(bus ? { bus } : {}),
    projections: async () => {
      const urls = Object.fromEntries(nodes().map((n) => [n.entry.name, n.service.url]));
      return (await listProjections(urls)).map((p) => `${p.service}/${p.name}`);
    },
    serviceUrl: (service) => nodes().find((n) => n.entry.name === service)?.service.url,
  };
}

export function createPlatformFaults(options: PlatformFaultsOptions): PlatformFaults {
  const telemetry = createFaultTelemetry({
    otlpEndpoint: options.otlpEndpoint,
    ...(options.metricIntervalMs ? { metricIntervalMs: options.metricIntervalMs } : {}),
  });
  const engine = new FaultEngine({
    kinds: FAULT_KINDS,
    platform: faultPlatformOf(options.nodes, options.traffic, options.crash, options.bus),
    events: telemetry,
    warn: options.warn ?? ((line) => console.warn(line)),
  });
  const collectorsApiUrl =
    options.collectorsApiUrl ??
    (process.env.COLLECTORS_API_URL || undefined) ??
    siblingApiUrl(options.otlpEndpoint);
  return {
    engine,
    experiments: new ExperimentRunner({ engine, collectorsApiUrl }),
    telemetry,
    close: async () => {
      await engine.close();
      await telemetry.shutdown();
    },
  };
}

/** http://host:4318 → http://host:4320 (the collectors' default ports); else undefined. */
export function siblingApiUrl(otlpEndpoint: string): string | undefined {
  try {
    const url = new URL(otlpEndpoint);
    if (url.port !== '4318') return undefined;
    url.port = '4320';
    return url.origin;
  } catch {
    return undefined;
  }
}

import type { EventBus } from '../platform/bus/event-bus';
import type { Database } from '../platform/db';
import type { DevPki } from '../platform/pki/dev-pki';
import { breakerLogLine } from '../platform/resilience/breaker-telemetry';
import { emitLog } from '../platform/service-log';
import { type Sidecar, startSidecar, type UpstreamSpec } from '../platform/sidecar/sidecar';
import { createServiceTelemetry, type ServiceTelemetry } from '../platform/telemetry';
import type { CatalogEntry, CatalogService } from './catalog-types';
import { observeConsumerLag } from './consumer-lag-metrics';
import { observeSidecar } from './sidecar-metrics';

/**
 * One catalog entry running: its telemetry, its sidecar and the service, wired in this order
 * (the service needs its egress URLs; the sidecar's ingress then needs the service's URL):
 *
 *   telemetry → sidecar (egress per upstream, mesh port) → service on 127.0.0.1:0 → attachApp
 *
 * Used by the embedded platform for every service and by `npm run service` for one.
 */

export interface UpstreamTarget {
  /** A mesh upstream's https mesh URL, or an external upstream's base URL. */
  url: string;
  mesh: boolean;
}

export interface ServiceNodeOptions {
  entry: CatalogEntry;
  /** Issues the sidecar's certificate; unused for an external service. */
  pki: DevPki;
  database: Database;
  otlpEndpoint: string;
  dataDir: string;
  /** Where a mesh port binds (and an external service listens). */
  meshHost: string;
  /** 0: any free port. */
  meshPort: number;
  /** Where the public entry listens (the gateway: DEMO_HOST, GATEWAY_PORT). */
  publicHost: string;
  publicPort: number;
  /** Where each upstream present is reached; the entry's optional upstreams may be absent. */
  upstreams: Readonly<Record<string, UpstreamTarget>>;
  /** The service's event bus (the platform's embedded one, or its own Kafka client). */
  bus: EventBus;
  metricIntervalMs?: number;
  log: (line: string) => void;
}

export interface ServiceNode {
  readonly entry: CatalogEntry;
  readonly service: CatalogService;
  /** null for an external service (outside the mesh). */
  readonly sidecar: Sidecar | null;
  readonly telemetry: ServiceTelemetry;
  /** What callers target: the mesh URL, or the service's own URL (entry, external). */
  readonly address: string;
  closeService(): Promise<void>;
  closeSidecar(): Promise<void>;
  /** Flushes and stops the telemetry (after the service and its sidecar closed). */
  shutdownTelemetry(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export async function startServiceNode(options: ServiceNodeOptions): Promise<ServiceNode> {
  const { entry, log } = options;
  const telemetry = createServiceTelemetry({
    serviceName: entry.name,
    otlpEndpoint: options.otlpEndpoint,
    ...(options.metricIntervalMs ? { metricIntervalMs: options.metricIntervalMs } : {}),
  });
  let sidecar: Sidecar | null = null;
  // The lag of the consumer groups this service subscribes (embedded bus only).
  observeConsumerLag(telemetry.meter, options.bus);
  try {
    if (entry.role === 'external' && entry.upstreams.length > 0) {
      throw new Error(`catalog: ${entry.name} is outside the mesh and cannot have upstreams`);
    }
    const specs: UpstreamSpec[] = entry.upstreams.flatMap((upstream) => {
      const target = options.upstreams[upstream.name];
      if (!target) {
        if (upstream.optional) return [];
        throw new Error(`${entry.name}: no address for its upstream ${upstream.name}`);
      }
      return [
        {
          name: upstream.name,
          url: target.url,
          mesh: target.mesh,
          ...(upstream.policy ? { policy: upstream.policy } : {}),
        },
      ];
    });
    if (entry.role !== 'external') {
      sidecar = await startSidecar({
        service: entry.name,
        tracer: telemetry.tracer,
        credentials: await options.pki.issue(entry.name),
        host: options.meshHost,
        meshPort: options.meshPort,
        ingress: entry.role === 'mesh',
        upstreams: specs,
        ...(entry.defaultPolicy ? { defaultPolicy: entry.defaultPolicy } : {}),
        onStateChange: (service, t) => {
          log(`demo-system: ${service} -> ${t.peer} circuit breaker ${t.from} -> ${t.to}`);
          // In the sidecar span of the call that tripped it: the line links to that trace.
          emitLog(telemetry.logger, breakerLogLine(service, t));
        },
      });
      observeSidecar(telemetry.meter, sidecar.stats);
    }
    const own = sidecar;
    const upstreamUrls = Object.fromEntries(
      specs.map((spec) => [spec.name, own ? own.upstreamUrl(spec.name) : spec.url]),
    );
    const listenAt =
      entry.role === 'entry'
        ? { host: options.publicHost, port: options.publicPort }
        : entry.role === 'external'
          ? { host: options.meshHost, port: options.meshPort }
          : { host: LOOPBACK, port: 0 };
    const service = await entry.start({
      ...listenAt,
      otlpEndpoint: options.otlpEndpoint,
      telemetry,
      database: options.database,
      upstreams: upstreamUrls,
      upstreamTargets: Object.fromEntries(
        specs.map((spec) => [spec.name, { url: spec.url, mesh: spec.mesh !== false }]),
      ),
      dataDir: options.dataDir,
      bus: options.bus,
      log,
    });
    if (sidecar && entry.role === 'mesh') sidecar.attachApp(service.url);
    const address = sidecar?.meshUrl ?? service.url;
    return {
      entry,
      service,
      sidecar,
      telemetry,
      address,
      closeService: () => service.close(),
      closeSidecar: async () => sidecar?.close(),
      shutdownTelemetry: () => telemetry.shutdown(),
    };
  } catch (error) {
    await sidecar?.close().catch(() => undefined);
    await telemetry.shutdown();
    throw error;
  }
}

import { join } from 'node:path';
import { CATALOG } from './catalog';
import { createBusFaults } from './control/faults/bus-faults';
import { createPlatformFaults, type PlatformFaults } from './control/faults/platform-faults';
import { type ControlPlane, startControlPlane } from './control/server';
import { buildTopology } from './control/topology';
import { TrafficGenerator } from './control/traffic/generator';
import type { DemoConfig } from './platform/config';
import { type Database, openDatabase } from './platform/db';
import { openDevPki } from './platform/pki/dev-pki';
import type { RunningService } from './platform/service';
import type { CatalogEntry } from './runtime/catalog-types';
import { type Crashable, createCrashable } from './runtime/crashable';
import { openPlatformBuses, type PlatformBuses } from './runtime/platform-buses';
import { type ServiceNode, startServiceNode, type UpstreamTarget } from './runtime/service-node';
import { presentUpstreams, startOrder } from './runtime/start-order';

export interface Platform {
  gatewayUrl: string;
  controlUrl: string;
  /** Every service's own listener, in start order (a meshed one is on loopback). */
  services: readonly RunningService[];
  /** Every service with its sidecar and telemetry, in start order. */
  nodes: readonly ServiceNode[];
  traffic: TrafficGenerator;
  /** The database the services' schemas live in. */
  database: Database;
  /** `embedded` (one in-memory log for every service) or `kafka` (KAFKA_BROKERS). */
  busKind: 'embedded' | 'kafka';
  /**
   * Stops traffic, the control plane, the gateway, the services and then their sidecars and
   * event buses, flushes telemetry, then closes the database (unless the caller passed its
   * own). Safe to call twice.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** One line per listener; defaults to console.log. */
  log?: (line: string) => void;
  /**
   * An open database the caller owns and closes (tests share one per file). Without it the
   * platform opens PostgreSQL (`databaseUrl`) or PGlite in `dataDir`, and closes it last.
   */
  database?: Database;
  /** The services to run; default the bank's CATALOG. */
  catalog?: readonly CatalogEntry[];
  /** How often each service exports its metrics (default 2 s). */
  metricIntervalMs?: number;
  /** The collectors' query API, for experiments (default: see control/faults/platform-faults). */
  collectorsApiUrl?: string;
}

/** A port the platform was told to use is taken. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/**
 * Starts the bank in-process: the database and the dev PKI (`<dataDir>/pki`), then every
 * catalog entry in dependency order, each with its telemetry and sidecar (see
 * runtime/service-node.ts), the gateway last; then the traffic generator and the control
 * plane. On failure, whatever started is closed.
 */
export async function startPlatform(
  config: DemoConfig,
  options: StartOptions = {},
): Promise<Platform> {
  const log = options.log ?? ((line: string) => console.log(line));
  const catalog = options.catalog ?? CATALOG;
  const meshHost = config.meshHost ?? '127.0.0.1';
  let traffic: TrafficGenerator | undefined;
  let control: ControlPlane | undefined;
  let faults: PlatformFaults | undefined;
  let crashable: Crashable | undefined;
  let ownDatabase: Database | undefined;
  let buses: PlatformBuses | undefined;
  const nodes: ServiceNode[] = [];
  const closeAll = async () => {
    await traffic?.stop().catch(reportCloseError);
    await control?.close().catch(reportCloseError);
    // Reverting every fault restarts a crashed service (the nodes then close the live instance).
    await faults?.close().catch(reportCloseError);
    await crashable?.close().catch(reportCloseError);
    const started = nodes.splice(0);
    const entries = started.filter((n) => n.entry.role === 'entry');
    const inner = started.filter((n) => n.entry.role !== 'entry');
    await Promise.all(entries.map((n) => n.closeService().catch(reportCloseError)));
    await Promise.all(entries.map((n) => n.closeSidecar().catch(reportCloseError)));
    await Promise.all(inner.map((n) => n.closeService().catch(reportCloseError)));
    await Promise.all(inner.map((n) => n.closeSidecar().catch(reportCloseError)));
    // The services stopped their consumers and outbox relays in close(): the buses go last.
    await buses?.close().catch(reportCloseError);
    await Promise.all(started.map((n) => n.shutdownTelemetry()));
    await ownDatabase?.close().catch(reportCloseError);
  };

  try {
    let database = options.database;
    if (!database) {
      database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      ownDatabase = database;
    }
    log(`demo-system: data in ${database.kind} at ${database.location}`);
    const pki = await openDevPki({ dir: join(config.dataDir, 'pki'), log });
    const eventBuses = await openPlatformBuses({
      ...(config.kafkaBrokers ? { kafkaBrokers: config.kafkaBrokers } : {}),
      ...(config.kafkaNamespace ? { kafkaNamespace: config.kafkaNamespace } : {}),
      log,
    });
    buses = eventBuses;

    const addresses = new Map<string, UpstreamTarget>();
    const busFaults = createBusFaults();
    const busByService = new Map<string, Awaited<ReturnType<PlatformBuses['forService']>>>();
    for (const entry of startOrder(catalog)) {
      const upstreams: Record<string, UpstreamTarget> = {};
      for (const { name } of presentUpstreams(entry, catalog)) {
        const target = addresses.get(name);
        if (target) upstreams[name] = target;
      }
      // Through the fault points of the event-bus faults (control/faults/bus-faults.ts).
      const inner = await eventBuses.forService(entry.name);
      const bus = busFaults.wrap(entry.name, inner, eventBuses.wireCut(entry.name));
      busByService.set(entry.name, bus);
      const start = () =>
        startServiceNode({
          entry,
          pki,
          database,
          otlpEndpoint: config.otlpEndpoint,
          dataDir: config.dataDir,
          meshHost,
          meshPort: 0,
          publicHost: config.host,
          publicPort: config.gatewayPort,
          upstreams,
          bus,
          log,
          ...(options.metricIntervalMs ? { metricIntervalMs: options.metricIntervalMs } : {}),
        });
      const node =
        entry.role === 'entry'
          ? await named('GATEWAY_PORT', config.host, config.gatewayPort, start)
          : await start();
      nodes.push(node);
      addresses.set(entry.name, { url: node.address, mesh: entry.role === 'mesh' });
      log(describeNode(node));
    }

    const gateway = nodes.find((n) => n.entry.role === 'entry');
    if (!gateway) throw new Error('catalog: no public entry (role "entry") to send traffic to');
    const mintToken = gateway.service.mintToken;
    const generator = new TrafficGenerator({
      gatewayUrl: gateway.service.url,
      ratePerSecond: config.trafficRate,
      seed: config.trafficSeed,
      ...(mintToken ? { mintToken } : {}),
    });
    traffic = generator;
    crashable = createCrashable({
      nodes: () => nodes,
      database,
      dataDir: config.dataDir,
      otlpEndpoint: config.otlpEndpoint,
      busFor: (service) => busByService.get(service),
      log,
    });
    const platformFaults = createPlatformFaults({
      nodes: () => nodes,
      traffic: generator,
      crash: crashable,
      bus: busFaults,
      otlpEndpoint: config.otlpEndpoint,
      ...(options.collectorsApiUrl ? { collectorsApiUrl: options.collectorsApiUrl } : {}),
      ...(options.metricIntervalMs ? { metricIntervalMs: options.metricIntervalMs } : {}),
    });
    faults = platformFaults;
    const controlHost = config.controlHost ?? config.host;
    const sidecars = new Map(nodes.map((n) => [n.entry.name, n.sidecar]));
    const controlPlane = await named('CONTROL_PORT', controlHost, config.controlPort, () =>
      startControlPlane({
        host: controlHost,
        port: config.controlPort,
        ...(config.controlToken ? { token: config.controlToken } : {}),
        services: nodes.map((n) => n.entry.name),
        topology: () => buildTopology(nodes),
        faults: (service) => {
          const sidecar = sidecars.get(service);
          return sidecar?.meshUrl ? sidecar.faults : undefined;
        },
        traffic: generator,
        faultControl: platformFaults,
        serviceUrls: Object.fromEntries(nodes.map((n) => [n.entry.name, n.service.url])),
      }),
    );
    control = controlPlane;
    const guarded = config.controlToken ? ' (bearer token required)' : '';
    log(`demo-system: control plane listening on ${controlPlane.url}${guarded}`);
    generator.start();
    log(`demo-system: traffic at ${config.trafficRate} requests/s (seed ${config.trafficSeed})`);

    let closing: Promise<void> | undefined;
    return {
      gatewayUrl: gateway.service.url,
      controlUrl: controlPlane.url,
      services: nodes.map((n) => n.service),
      nodes: [...nodes],
      traffic: generator,
      database,
      busKind: eventBuses.kind,
      close: () => {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function describeNode(node: ServiceNode): string {
  const { entry, service, sidecar } = node;
  if (!sidecar) return `demo-system: ${entry.name} listening on ${service.url} (outside the mesh)`;
  const mesh = sidecar.meshUrl ? `, mesh ${sidecar.meshUrl}` : '';
  const egress = sidecar
    .topology()
    .upstreams.map((u) => `${u.name} ${u.localUrl}`)
    .join(', ');
  return `demo-system: ${entry.name} listening on ${service.url}${mesh}${egress ? `; egress ${egress}` : ''}`;
}

async function named<T>(
  envVar: string,
  host: string,
  port: number,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      throw new PortInUseError(
        `demo-system: ${host}:${port} is already in use; free it or set ${envVar} to another port`,
      );
    }
    throw error;
  }
}

function reportCloseError(error: unknown): void {
  console.error('demo-system: close failed:', error);
}

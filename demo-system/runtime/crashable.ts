import type { CrashControl } from '../control/faults/types';
import type { EventBus } from '../platform/bus/event-bus';
import type { Database } from '../platform/db';
import { serverListeningAt } from '../platform/http-server';
import type { CatalogService, ServiceContext } from './catalog-types';
import type { ServiceNode } from './service-node';

/**
 * Crashes a meshed service of the in-process platform and starts it again, for the `crash`
 * fault. A crash is abrupt: the service's sidecar is pointed at a port nobody listens on (so it
 * answers 502 `unreachable` at once, the way Envoy answers with its app gone), every open
 * connection of the service is destroyed (in-flight requests are lost, their callers see a
 * reset), and the service is stopped without waiting for a drain. The restart calls the catalog
 * entry's `start` again with the same context (its telemetry, database, bus and the sidecar's
 * egress URLs) and re-attaches the sidecar, the way `startServiceNode` wired it.
 *
 * Limits of doing this in one process: a handler already past its socket keeps running to its
 * end (its answer goes nowhere); the database transaction it holds commits or rolls back as
 * its code says. The restarted instance listens on the port of the first one when it is still free (so
 * /topology and every URL naming it hold); the node's `closeService` is pointed at whichever
 * instance is live, so the platform's close stops it in its usual order.
 */

/** Nothing listens on port 1 of the loopback: connecting is refused at once. */
const DEAD_END = 'http://127.0.0.1:1';
const STOP_LIMIT_MS = 10_000;

export interface CrashableOptions {
  /** The platform's running nodes (read when a crash is asked for). */
  nodes: () => readonly ServiceNode[];
  database: Database;
  dataDir: string;
  otlpEndpoint: string;
  /** The event bus the service was started with. */
  busFor: (service: string) => EventBus | undefined;
  log: (line: string) => void;
}

export interface Crashable extends CrashControl {
  isDown(service: string): boolean;
  /** Waits for crashes and restarts under way (the nodes' closeService stops the live instance). */
  close(): Promise<void>;
}

export function createCrashable(options: CrashableOptions): Crashable {
  const current = new Map<string, CatalogService>();
  const down = new Set<string>();
  const busy = new Map<string, Promise<void>>();
  const lastPort = new Map<string, number>();

  const nodeOf = (service: string): ServiceNode => {
    const node = options.nodes().find((n) => n.entry.name === service);
    if (!node?.sidecar?.meshUrl || node.entry.role !== 'mesh') {
      throw new Error(`${service} is not a meshed service of this platform`);
    }
    return node;
  };
  const serialized = (service: string, work: () => Promise<void>): Promise<void> => {
    const previous = busy.get(service) ?? Promise.resolve();
    const next = previous.then(work, work);
    busy.set(service, next);
    return next;
  };

  return {
    crashable: () =>
      options
        .nodes()
        .filter((n) => n.entry.role === 'mesh' && n.sidecar?.meshUrl)
        .map((n) => n.entry.name),
    isDown: (service) => down.has(service),
    crash: (service) =>
      serialized(service, async () => {
        const node = nodeOf(service);
        if (down.has(service)) throw new Error(`${service} is already down`);
        const instance = current.get(service) ?? node.service;
        lastPort.set(service, instance.port);
        node.sidecar?.attachApp(DEAD_END);
        down.add(service);
        const server = serverListeningAt(instance.url);
        // From now on the platform's close stops whichever instance runs (none while down).
        node.closeService = async () => {
          const live = current.get(service);
          if (live && !down.has(service)) await live.close();
        };
        current.delete(service);
        const stopping = instance.close().catch(() => undefined);
        server?.closeAllConnections();
        await withLimit(stopping, STOP_LIMIT_MS);
        options.log(`demo-system: ${service} crashed (fault injection)`);
      }),
    restart: (service) =>
      serialized(service, async () => {
        if (!down.has(service)) return;
        const node = nodeOf(service);
        const sidecar = node.sidecar;
        const bus = options.busFor(service);
        if (!sidecar || !bus) throw new Error(`${service}: no sidecar or bus to restart with`);
        const upstreams = sidecar.topology().upstreams;
        const context: ServiceContext = {
          host: '127.0.0.1',
          port: 0,
          otlpEndpoint: options.otlpEndpoint,
          telemetry: node.telemetry,
          database: options.database,
          upstreams: Object.fromEntries(upstreams.map((u) => [u.name, u.localUrl])),
          upstreamTargets: Object.fromEntries(
            upstreams.map((u) => [u.name, { url: u.target, mesh: u.mtls }]),
          ),
          dataDir: options.dataDir,
          bus,
          log: options.log,
        };
        // Back on its old port (free since the crash), so every URL that named it holds.
        const instance = await node.entry
          .start({ ...context, port: lastPort.get(service) ?? 0 })
          .catch((error: unknown) => {
            if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
            return node.entry.start(context);
          });
        sidecar.attachApp(instance.url);
        current.set(service, instance);
        down.delete(service);
        options.log(`demo-system: ${service} restarted on ${instance.url}`);
      }),
    close: async () => {
      await Promise.all([...busy.values()].map((p) => p.catch(() => undefined)));
    },
  };
}

async function withLimit(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

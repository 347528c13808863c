/**
 * `npm run service -- <name>`: runs one service of the bank and its sidecar on their own, on
 * PostgreSQL (DATABASE_URL), with its upstreams' addresses from the environment
 * (UPSTREAM_<NAME>_URL: the https://host:port of a mesh upstream's mesh port, or an external
 * upstream's base URL) and its mesh port on MESH_HOST:MESH_PORT. The mesh certificates come
 * from the dev PKI in `<DEMO_DATA_DIR>/pki`: processes that talk to each other must share that
 * CA (same folder, or a copy of ca.crt.pem and ca.key.pem). Prints its ports, then one line
 * `service-ready {json}` for tools. A service that publishes or consumes events talks to Kafka
 * (KAFKA_BROKERS, required for it: an embedded in-memory log cannot span processes); one that
 * does not gets a private embedded bus it never uses. Stops cleanly on SIGINT/SIGTERM.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbeddedBus } from '../demo-system/platform/bus/embedded-bus';
import type { EventBus } from '../demo-system/platform/bus/event-bus';
import { ConfigError } from '../demo-system/platform/config';
import { type Database, DatabaseOpenError, openDatabase } from '../demo-system/platform/db';
import { TOPIC_SPECS } from '../demo-system/platform/events/catalog';
import { openDevPki } from '../demo-system/platform/pki/dev-pki';
import { namespacedBus } from '../demo-system/runtime/namespaced-bus';
import { type ServiceNode, startServiceNode } from '../demo-system/runtime/service-node';
import { parseServiceConfig, type ServiceRunConfig } from './service/service-config';

export interface RunningStandalone {
  node: ServiceNode;
  /** What `service-ready` prints. */
  ports: StandalonePorts;
  close(): Promise<void>;
}

export interface StandalonePorts {
  service: string;
  role: string;
  /** The service's own listener (loopback behind a sidecar). */
  url: string;
  port: number;
  meshUrl: string | null;
  meshPort: number | null;
  egress: Record<string, { url: string; port: number; target: string; mtls: boolean }>;
}

export async function runStandalone(
  config: ServiceRunConfig,
  log: (line: string) => void = (line) => console.log(line),
): Promise<RunningStandalone> {
  const database: Database = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    schemaPrefix: config.schemaPrefix,
  });
  let bus: EventBus | undefined;
  try {
    const pki = await openDevPki({ dir: join(config.dataDir, 'pki'), log });
    // kafkajs is loaded only when a service needs it; otherwise a private embedded bus.
    const opened = config.kafkaBrokers
      ? (await import('../demo-system/platform/bus/open-event-bus')).openEventBus({
          brokers: config.kafkaBrokers,
          clientId: config.entry.name,
          log,
        })
      : createEmbeddedBus({ log });
    bus = config.kafkaNamespace ? namespacedBus(opened, config.kafkaNamespace) : opened;
    await bus.ensureTopics(TOPIC_SPECS);
    const eventBus = bus;
    const node = await startServiceNode({
      entry: config.entry,
      pki,
      database,
      otlpEndpoint: config.otlpEndpoint,
      dataDir: config.dataDir,
      meshHost: config.meshHost,
      meshPort: config.meshPort,
      publicHost: config.publicHost,
      publicPort: config.publicPort,
      upstreams: config.upstreams,
      bus: eventBus,
      log,
    });
    const view = node.sidecar?.topology();
    const ports: StandalonePorts = {
      service: config.entry.name,
      role: config.entry.role,
      url: node.service.url,
      port: node.service.port,
      meshUrl: view?.meshUrl ?? null,
      meshPort: view?.meshPort ?? null,
      egress: Object.fromEntries(
        (view?.upstreams ?? []).map((u) => [
          u.name,
          { url: u.localUrl, port: u.localPort, target: u.target, mtls: u.mtls },
        ]),
      ),
    };
    let closing: Promise<void> | undefined;
    return {
      node,
      ports,
      close: () => {
        closing ??= (async () => {
          await node.closeService().catch(report);
          await node.closeSidecar().catch(report);
          await eventBus.close().catch(report);
          await node.shutdownTelemetry();
          await database.close().catch(report);
        })();
        return closing;
      },
    };
  } catch (error) {
    await bus?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

function portLines(ports: StandalonePorts): string[] {
  const lines = [`service: ${ports.service} listening on ${ports.url}`];
  if (ports.meshUrl) lines.push(`service: ${ports.service} mesh port ${ports.meshUrl} (mTLS)`);
  for (const [name, e] of Object.entries(ports.egress)) {
    lines.push(`service: egress to ${name} on ${e.url} -> ${e.target}${e.mtls ? ' (mTLS)' : ''}`);
  }
  return lines;
}

function report(error: unknown): void {
  console.error('service: close failed:', error);
}

async function main(): Promise<void> {
  let running: RunningStandalone;
  try {
    const config = parseServiceConfig(process.argv[2], process.env);
    running = await runStandalone(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseOpenError) {
      console.error(error.message);
    } else if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      console.error(`service: ${(error as Error).message}; set MESH_PORT (or GATEWAY_PORT)`);
    } else {
      console.error('service: failed to start:', error);
    }
    process.exit(1);
  }
  for (const line of portLines(running.ports)) console.log(line);
  console.log(`service-ready ${JSON.stringify(running.ports)}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`service: ${signal} received, shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();

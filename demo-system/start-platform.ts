import { startControlPlane } from './control/server';
import { TrafficGenerator } from './control/traffic/generator';
import type { DemoConfig } from './platform/config';
import { type Database, openDatabase } from './platform/db';
import type { RunningService } from './platform/service';
import { startAccountsService } from './services/accounts/server';
import { startGatewayService } from './services/gateway/server';
import { startPaymentsService } from './services/payments/server';

export interface Platform {
  gatewayUrl: string;
  controlUrl: string;
  services: readonly RunningService[];
  traffic: TrafficGenerator;
  /** The database the services' schemas live in. */
  database: Database;
  /**
   * Stops traffic, closes every listener, flushes telemetry, then closes the database (unless
   * the caller passed its own). Safe to call twice.
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
}

/** A port the platform was told to use is taken. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/**
 * Starts the bank in-process: the database, accounts and payments on OS-allocated ports (each
 * migrating its own schema), then the gateway, then the control plane and the traffic
 * generator. On failure, whatever started is closed.
 */
export async function startPlatform(
  config: DemoConfig,
  options: StartOptions = {},
): Promise<Platform> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Shutdown order: traffic, control plane, then every service at once (each closes its
  // listener, then flushes its telemetry in parallel with the others), the database last.
  let traffic: TrafficGenerator | undefined;
  let control: { close(): Promise<void> } | undefined;
  let ownDatabase: Database | undefined;
  const running: RunningService[] = [];
  const closeAll = async () => {
    await traffic?.stop().catch(reportCloseError);
    await control?.close().catch(reportCloseError);
    await Promise.all(running.splice(0).map((service) => service.close().catch(reportCloseError)));
    await ownDatabase?.close().catch(reportCloseError);
  };
  const common = { host: config.host, otlpEndpoint: config.otlpEndpoint };
  const started = (service: RunningService) => {
    running.push(service);
    log(`demo-system: ${service.name} listening on ${service.url}`);
    return service;
  };

  try {
    let database = options.database;
    if (!database) {
      database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      ownDatabase = database;
    }
    log(`demo-system: data in ${database.kind} at ${database.location}`);
    const accounts = started(await startAccountsService({ ...common, port: 0, database }));
    const payments = started(
      await startPaymentsService({ ...common, port: 0, accountsUrl: accounts.url, database }),
    );
    const gateway = started(
      await named('GATEWAY_PORT', config.host, config.gatewayPort, () =>
        startGatewayService({
          ...common,
          port: config.gatewayPort,
          accountsUrl: accounts.url,
          paymentsUrl: payments.url,
        }),
      ),
    );
    const services = [gateway, accounts, payments];

    const generator = new TrafficGenerator({
      gatewayUrl: gateway.url,
      ratePerSecond: config.trafficRate,
      seed: config.trafficSeed,
    });
    traffic = generator;
    const controlPlane = await named('CONTROL_PORT', config.host, config.controlPort, () =>
      startControlPlane({
        host: config.host,
        port: config.controlPort,
        services: services.map(({ name, url, port }) => ({ name, url, port })),
        traffic: generator,
      }),
    );
    control = controlPlane;
    log(`demo-system: control plane listening on ${controlPlane.url}`);
    generator.start();
    log(`demo-system: traffic at ${config.trafficRate} requests/s (seed ${config.trafficSeed})`);

    let closing: Promise<void> | undefined;
    return {
      gatewayUrl: gateway.url,
      controlUrl: controlPlane.url,
      services,
      traffic: generator,
      database,
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

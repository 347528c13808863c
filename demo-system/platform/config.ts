import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The demo-system's environment, parsed once at start-up. An empty variable counts as unset,
 * so `GATEWAY_PORT= tsx demo-system/main.ts` falls back to the default instead of port 0.
 */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const port = (fallback: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65_535).default(fallback));

const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * KAFKA_BROKERS: comma-separated `host:port` (e.g. `127.0.0.1:9092,kafka-2:9092`), parsed to
 * a list; each entry needs a host and a port 1..65535.
 */
export function kafkaBrokersSchema() {
  return z.string().transform((value, ctx) => {
    const brokers = value
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== '');
    const bad = brokers.filter((b) => {
      const port = HOST_PORT.exec(b)?.[1];
      return port === undefined || Number(port) < 1 || Number(port) > 65_535;
    });
    if (brokers.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be comma-separated host:port (e.g. 127.0.0.1:9092)${bad.length > 0 ? `; not host:port: ${bad.join(', ')}` : ''}`,
      });
      return z.NEVER;
    }
    return brokers;
  });
}

/** KAFKA_NAMESPACE: a prefix for topics and consumer groups (several platforms, one cluster). */
export const kafkaNamespaceSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - (at most 40)');

export const demoConfigSchema = z.object({
  GATEWAY_PORT: port(8080),
  CONTROL_PORT: port(7070),
  DEMO_HOST: z.preprocess(unsetIfEmpty, z.string().min(1).default('127.0.0.1')),
  /** Where the sidecars' mTLS mesh ports bind (the services themselves stay on loopback). */
  MESH_HOST: z.preprocess(unsetIfEmpty, z.string().min(1).default('127.0.0.1')),
  /** Where the control plane binds; DEMO_HOST when unset. */
  CONTROL_HOST: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  /** Bearer token the control plane requires; mandatory when it binds beyond loopback. */
  CONTROL_TOKEN: z.preprocess(
    unsetIfEmpty,
    z.string().trim().min(16, 'must be at least 16 characters').optional(),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    unsetIfEmpty,
    z
      .url({ protocol: /^https?$/ })
      .default('http://127.0.0.1:4318')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  /** Requests per second the traffic generator sends through the gateway; 0 turns it off. */
  TRAFFIC_RATE: z.preprocess(unsetIfEmpty, z.coerce.number().min(0).max(500).default(5)),
  TRAFFIC_SEED: z.preprocess(unsetIfEmpty, z.coerce.number().int().default(42)),
  /** Folder of the embedded data (PGlite in `<dir>/pglite`), relative to the working dir. */
  DEMO_DATA_DIR: z.preprocess(unsetIfEmpty, z.string().min(1).default('.data')),
  /** When set, every service uses this PostgreSQL server (one schema each) instead of PGlite. */
  DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  ),
  /** When set, the services talk over Apache Kafka at these brokers instead of the embedded bus. */
  KAFKA_BROKERS: z.preprocess(unsetIfEmpty, kafkaBrokersSchema().optional()),
  /** Prefixes topics and consumer groups, so several platforms can share one Kafka cluster. */
  KAFKA_NAMESPACE: z.preprocess(unsetIfEmpty, kafkaNamespaceSchema.optional()),
});

export type DemoEnv = z.infer<typeof demoConfigSchema>;

export interface DemoConfig {
  /** DEMO_HOST: where the gateway (the public entry) binds. */
  host: string;
  /** MESH_HOST: where mesh ports bind; default 127.0.0.1. */
  meshHost?: string;
  /** CONTROL_HOST: where the control plane binds; default `host`. */
  controlHost?: string;
  /** CONTROL_TOKEN: required (as a bearer token) by the control plane when set. */
  controlToken?: string;
  gatewayPort: number;
  controlPort: number;
  /** OTLP/HTTP base URL without a trailing slash; traces go to `${otlpEndpoint}/v1/traces`. */
  otlpEndpoint: string;
  trafficRate: number;
  trafficSeed: number;
  /** DEMO_DATA_DIR; PGlite lives in `<dataDir>/pglite` unless `databaseUrl` is set. */
  dataDir: string;
  /** DATABASE_URL: PostgreSQL instead of the embedded PGlite. */
  databaseUrl?: string;
  /** KAFKA_BROKERS: Apache Kafka (one client per service) instead of the embedded bus. */
  kafkaBrokers?: string[];
  /** KAFKA_NAMESPACE: `<ns>.` before every topic and consumer group (Kafka mode only). */
  kafkaNamespace?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment or throws a ConfigError naming every bad variable. */
export function parseDemoConfig(env: Record<string, string | undefined> = process.env): DemoConfig {
  const result = demoConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new ConfigError(`demo-system: invalid environment\n${problems}`);
  }
  const e = result.data;
  const controlHost = e.CONTROL_HOST ?? e.DEMO_HOST;
  if (!isLoopbackHost(controlHost) && !e.CONTROL_TOKEN) {
    throw new ConfigError(
      `demo-system: invalid environment\n  CONTROL_TOKEN: required when the control plane binds to ${controlHost} (not loopback); set a secret of at least 16 characters, or CONTROL_HOST=127.0.0.1`,
    );
  }
  return {
    host: e.DEMO_HOST,
    ...(e.MESH_HOST !== '127.0.0.1' ? { meshHost: e.MESH_HOST } : {}),
    ...(e.CONTROL_HOST ? { controlHost: e.CONTROL_HOST } : {}),
    ...(e.CONTROL_TOKEN ? { controlToken: e.CONTROL_TOKEN } : {}),
    gatewayPort: e.GATEWAY_PORT,
    controlPort: e.CONTROL_PORT,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    trafficRate: e.TRAFFIC_RATE,
    trafficSeed: e.TRAFFIC_SEED,
    dataDir: e.DEMO_DATA_DIR,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.KAFKA_BROKERS ? { kafkaBrokers: e.KAFKA_BROKERS } : {}),
    ...(e.KAFKA_NAMESPACE ? { kafkaNamespace: e.KAFKA_NAMESPACE } : {}),
  };
}

/** localhost, 127.0.0.0/8 or ::1: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

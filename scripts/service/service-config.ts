import { z } from 'zod';
import { CATALOG, catalogEntry } from '../../demo-system/catalog';
import {
  ConfigError,
  kafkaBrokersSchema,
  kafkaNamespaceSchema,
} from '../../demo-system/platform/config';
import type { CatalogEntry } from '../../demo-system/runtime/catalog-types';
import type { UpstreamTarget } from '../../demo-system/runtime/service-node';

/**
 * `npm run service -- <name>`'s environment, parsed once (fails fast naming each problem):
 * one catalog service, its sidecar and its upstreams' addresses, on PostgreSQL, and (for a
 * service that uses the event bus) Kafka.
 */

const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const port = (fallback: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65_535).default(fallback));

const serviceEnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z.url({
      protocol: /^postgres(ql)?$/,
      error: (issue) =>
        issue.input === undefined
          ? 'required: a service on its own keeps its data in PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/test); the embedded PGlite is one process only (ADR 0004)'
          : 'must be a postgres:// URL',
    }),
  ),
  /** Prepended to the service's schema name (tests; several platforms on one database). */
  DATABASE_SCHEMA_PREFIX: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,30}$/, 'lower-case letters, digits and _')
      .default(''),
  ),
  DEMO_DATA_DIR: z.preprocess(unsetIfEmpty, z.string().min(1).default('.data')),
  DEMO_HOST: z.preprocess(unsetIfEmpty, z.string().min(1).default('127.0.0.1')),
  MESH_HOST: z.preprocess(unsetIfEmpty, z.string().min(1).default('127.0.0.1')),
  MESH_PORT: port(0),
  GATEWAY_PORT: port(8080),
  /** Comma-separated host:port; required by a service that publishes or consumes events. */
  KAFKA_BROKERS: z.preprocess(unsetIfEmpty, kafkaBrokersSchema().optional()),
  /** Prefix of topics and consumer groups: the same as the platform this service joins. */
  KAFKA_NAMESPACE: z.preprocess(unsetIfEmpty, kafkaNamespaceSchema.optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    unsetIfEmpty,
    z
      .url({ protocol: /^https?$/ })
      .default('http://127.0.0.1:4318')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
});

export interface ServiceRunConfig {
  entry: CatalogEntry;
  databaseUrl: string;
  schemaPrefix: string;
  dataDir: string;
  /** The gateway's public host and port (DEMO_HOST, GATEWAY_PORT). */
  publicHost: string;
  publicPort: number;
  /** Where the mesh port binds (MESH_HOST, MESH_PORT); partner-bank's own port. */
  meshHost: string;
  meshPort: number;
  otlpEndpoint: string;
  upstreams: Record<string, UpstreamTarget>;
  /** KAFKA_BROKERS; absent only for a service that does not use the bus. */
  kafkaBrokers?: string[];
  kafkaNamespace?: string;
}

/** UPSTREAM_ACCOUNTS_URL, UPSTREAM_PARTNER_BANK_URL, ... */
export function upstreamEnvName(service: string): string {
  return `UPSTREAM_${service.toUpperCase().replace(/-/g, '_')}_URL`;
}

export function parseServiceConfig(
  name: string | undefined,
  env: Record<string, string | undefined>,
  catalog: readonly CatalogEntry[] = CATALOG,
): ServiceRunConfig {
  const entry = name ? catalogEntry(name, catalog) : undefined;
  if (!entry) {
    const names = catalog.map((e) => e.name).join(', ');
    throw new ConfigError(
      name
        ? `service: no service named "${name}"; one of: ${names}`
        : `usage: npm run service -- <name>   (one of: ${names})`,
    );
  }
  const problems: string[] = [];
  const result = serviceEnvSchema.safeParse(env);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`  ${issue.path.join('.')}: ${issue.message}`);
    }
  }
  const upstreams: Record<string, UpstreamTarget> = {};
  for (const upstream of entry.upstreams) {
    const variable = upstreamEnvName(upstream.name);
    const value = env[variable]?.trim();
    const target = catalogEntry(upstream.name, catalog);
    const mesh = target?.role !== 'external';
    if (!value) {
      if (!upstream.optional) {
        problems.push(
          `  ${variable}: required: ${mesh ? `the https://host:port of ${upstream.name}'s mesh port` : `${upstream.name}'s base URL`}`,
        );
      }
      continue;
    }
    const scheme = mesh ? /^https:\/\/[^/]+\/?$/ : /^https?:\/\/[^/]+/;
    if (!scheme.test(value)) {
      problems.push(
        `  ${variable}: ${mesh ? `must be https://host:port (${upstream.name} is in the mesh: mTLS)` : 'must be an http(s) URL'}`,
      );
      continue;
    }
    upstreams[upstream.name] = { url: value.replace(/\/+$/, ''), mesh };
  }
  if (entry.usesBus && result.success && !result.data.KAFKA_BROKERS) {
    problems.push(
      `  KAFKA_BROKERS: required: ${entry.name} publishes or consumes events, and on its own it must share them with the other processes through Kafka (e.g. KAFKA_BROKERS=127.0.0.1:9092); the embedded bus is an in-memory log of one process only`,
    );
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(`service ${entry.name}: invalid environment\n${problems.join('\n')}`);
  }
  const e = result.data;
  return {
    entry,
    databaseUrl: e.DATABASE_URL,
    schemaPrefix: e.DATABASE_SCHEMA_PREFIX,
    dataDir: e.DEMO_DATA_DIR,
    publicHost: e.DEMO_HOST,
    publicPort: e.GATEWAY_PORT,
    meshHost: e.MESH_HOST,
    meshPort: e.MESH_PORT,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    upstreams,
    ...(e.KAFKA_BROKERS ? { kafkaBrokers: e.KAFKA_BROKERS } : {}),
    ...(e.KAFKA_NAMESPACE ? { kafkaNamespace: e.KAFKA_NAMESPACE } : {}),
  };
}

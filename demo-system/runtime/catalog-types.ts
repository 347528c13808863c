import type { MintToken } from '../control/traffic/customer-tokens';
import type { EventBus } from '../platform/bus/event-bus';
import type { Database, SchemaDefinition } from '../platform/db';
import type { UpstreamPolicyInput } from '../platform/resilience/policy-config';
import type { RunningService } from '../platform/service';
import type { ServiceTelemetry } from '../platform/telemetry';

/**
 * The shape of a catalog entry (catalog.ts): everything the platform, the control plane and
 * `npm run service` need to know to start a service and wire it into the mesh.
 */

/**
 * - `mesh`: behind its own sidecar; reached only on the sidecar's mTLS mesh port.
 * - `entry`: the public entry (the gateway): its own port is public; its sidecar has no mesh
 *   port, only egress ports to its upstreams.
 * - `external`: a third party outside the mesh (partner-bank): no sidecar; callers' sidecars
 *   reach it over plain HTTP(S) without a client certificate, under the same policies.
 */
export type ServiceRole = 'mesh' | 'entry' | 'external';

export interface UpstreamRef {
  /** The upstream's catalog name (its certificate names it, for a mesh upstream). */
  name: string;
  /** Start without it when it is not in the catalog (or not configured): the caller degrades. */
  optional?: boolean;
  /** Resilience policy of this caller's sidecar for this upstream (defaults fill the rest). */
  policy?: UpstreamPolicyInput;
}

/** What a service is started with. */
export interface ServiceContext {
  /** Where the service listens: 127.0.0.1 behind a sidecar, the public host for the entry. */
  host: string;
  /** 0 (any free port) behind a sidecar; GATEWAY_PORT for the entry. */
  port: number;
  otlpEndpoint: string;
  /** One per service, shared with its sidecar: pass it on as the service's `telemetry`. */
  telemetry: ServiceTelemetry;
  database: Database;
  /** Base URL per upstream: the sidecar's egress port. Absent: an optional upstream not running. */
  upstreams: Readonly<Record<string, string>>;
  /**
   * What the sidecar dials for each upstream present (a mesh upstream's https mesh URL, an
   * external one's base URL): for an entry that runs its service in another process (tests).
   */
  upstreamTargets: Readonly<Record<string, { url: string; mesh: boolean }>>;
  /** DEMO_DATA_DIR (e.g. the gateway's generated JWT secret). */
  dataDir: string;
  /**
   * The event bus: one embedded bus shared by the whole in-process platform, or (KAFKA_BROKERS)
   * this service's own Kafka client (clientId = the service's name). Pass it on as `bus`.
   */
  bus: EventBus;
  log: (line: string) => void;
}

/** A started service; the entry may also mint tokens for the traffic generator. */
export interface CatalogService extends RunningService {
  mintToken?: MintToken;
}

export interface CatalogEntry {
  name: string;
  role: ServiceRole;
  /** The schema the service owns (created and migrated by the service on start), if any. */
  schema: SchemaDefinition | null;
  upstreams: readonly UpstreamRef[];
  /**
   * It publishes or consumes events: `npm run service` then needs KAFKA_BROKERS (an embedded
   * log cannot span processes).
   */
  usesBus?: boolean;
  /** Default policy of this service's sidecar, under each upstream's own. */
  defaultPolicy?: UpstreamPolicyInput;
  start(context: ServiceContext): Promise<CatalogService>;
}

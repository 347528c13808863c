import type { z } from 'zod';
import type { FaultRule } from '../../platform/sidecar/fault-rules';
import type { BusFaults } from './bus-faults';

/**
 * The shapes the fault engine works with. A fault kind is a zod schema of its parameters, the
 * targets it may hit (always read from the running platform's topology, so a fault never
 * reaches outside it) and an `apply` that changes the platform and returns how to undo it.
 */

/** A service of the running platform, as the fault catalog sees it. */
export interface FaultService {
  name: string;
  role: 'mesh' | 'entry' | 'external';
  /** The services it calls. */
  upstreams: readonly string[];
}

/** A sidecar's inbound fault rules (sidecar.faults), shared with the control plane's /mesh. */
export interface SidecarRules {
  list(): FaultRule[];
  set(rules: unknown): FaultRule[];
}

/** Kills and restarts a service in place (runtime/crashable.ts). */
export interface CrashControl {
  /** Services that can be crashed and restarted (meshed ones: their sidecar stays up). */
  crashable(): string[];
  crash(service: string): Promise<void>;
  restart(service: string): Promise<void>;
}

/** Steers the traffic generator (control/traffic/generator.ts). */
export interface TrafficControl {
  state(): { ratePerSecond: number };
  setRate(ratePerSecond: number): void;
}

/** Everything the fault kinds may touch: the platform's own parts, nothing else. */
export interface FaultPlatform {
  services(): FaultService[];
  /** The mesh port's rules of `service`, or undefined when it has none. */
  sidecarRules(service: string): SidecarRules | undefined;
  /** partner-bank's own base URL (its /admin/behaviour), when it runs. */
  partnerBankUrl(): string | undefined;
  traffic: TrafficControl;
  crash?: CrashControl;
  /** The fault points of the services' event buses. */
  bus?: BusFaults;
  /** `service/name` of every projection a service offers controls for. */
  projections?(): Promise<string[]>;
  /** A running service's own base URL (loopback behind its sidecar). */
  serviceUrl?(service: string): string | undefined;
}

/** Undoes what `apply` did. The engine calls it once. */
export type Revert = () => Promise<void> | void;

export interface FaultKind<Schema extends z.ZodType = z.ZodType> {
  kind: string;
  title: string;
  description: string;
  /** What a target names: a service, an edge (caller->callee), a pair (a<->b), a consumer group, a topic. */
  targetType:
    | 'service'
    | 'service-or-edge'
    | 'pair'
    | 'partner-bank'
    | 'traffic'
    | 'group'
    | 'topic'
    | 'projection';
  params: Schema;
  /** Every target allowed now, from the running topology. */
  targets(platform: FaultPlatform): string[] | Promise<string[]>;
  /** One fault of this kind per target at a time (its revert restores a saved state). */
  exclusive?: boolean;
  /** Caps the TTL (e.g. a crash ends when the service restarts). */
  ttlCapSeconds?(params: z.infer<Schema>): number | undefined;
  apply(context: ApplyContext<z.infer<Schema>>): Promise<Revert>;
}

export interface ApplyContext<Params> {
  id: string;
  target: string;
  params: Params;
  ttlSeconds: number;
  platform: FaultPlatform;
}

export type FaultStatus = 'active' | 'reverting' | 'ended';

/** A fault as the API shows it. */
export interface FaultView {
  id: string;
  kind: string;
  target: string;
  params: Record<string, unknown>;
  ttlSeconds: number;
  startedAt: string;
  /** When the TTL reverts it. */
  expiresAt: string;
  remainingSeconds: number;
  status: FaultStatus;
  endedAt?: string;
  /** ttl | reverted | stopped-all | shutdown | apply-failed */
  endReason?: string;
  error?: string;
}

/** Where fault starts and ends are reported (fault-telemetry.ts: OTLP log records). */
export interface FaultEventSink {
  started(fault: FaultView): void;
  ended(fault: FaultView): void;
}

/** A refused request: the API answers `status` with `code` and the message. */
export class FaultRequestError extends Error {
  override name = 'FaultRequestError';
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

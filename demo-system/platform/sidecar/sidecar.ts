import type { Tracer } from '@opentelemetry/api';
import type { ServiceCredentials } from '../pki/dev-pki';
import type { BreakerTransition } from '../resilience/breaker-telemetry';
import {
  resolveUpstreamPolicy,
  type UpstreamPolicy,
  type UpstreamPolicyInput,
} from '../resilience/policy-config';
import type { UpstreamGuardStats } from '../resilience/upstream-guard';
import { installContextManager } from '../telemetry';
import { type RunningEgress, startEgress } from './egress';
import { type FaultRule, type FaultRuleInput, parseFaultRules } from './fault-rules';
import { type IngressCounters, type RunningIngress, startIngress } from './ingress';

/**
 * A service's sidecar: its mesh port (inbound mTLS, fault rules, then the service's own port)
 * and one loopback port per upstream (outbound, under resilience policies, mTLS to mesh
 * upstreams). Its spans go through the service's tracer, so they carry the service's name.
 *
 * Wiring, in order (the service needs its egress URLs; the ingress needs the service's URL):
 *
 *   const sidecar = await startSidecar({ service: 'payments', tracer, credentials,
 *     upstreams: [{ name: 'accounts', url: accountsSidecar.meshUrl! }] });
 *   const payments = await startPaymentsService({ ..., accountsUrl: sidecar.upstreamUrl('accounts') });
 *   sidecar.attachApp(payments.url);
 */

export interface UpstreamSpec {
  /** The upstream's service name: its certificate must name it (mesh upstreams). */
  name: string;
  /** Mesh upstream: its sidecar's meshUrl. External upstream: its base URL. */
  url: string;
  /** false for an upstream outside the mesh (no client certificate). Default true. */
  mesh?: boolean;
  /** Overrides of the sidecar's default policy for this upstream. */
  policy?: UpstreamPolicyInput;
  /** Fixed loopback port for this upstream (default 0: any free port). */
  localPort?: number;
}

export interface SidecarOptions {
  service: string;
  /** The service's tracer: sidecar spans carry its service.name. */
  tracer: Tracer;
  /** From DevPki.issue(service). */
  credentials: ServiceCredentials;
  /** Where the mesh port binds. Default 127.0.0.1. Egress ports always bind 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  meshPort?: number;
  /** false: no mesh port (the gateway, whose public port is its entry). Default true. */
  ingress?: boolean;
  /** The service's base URL, if already known; else call attachApp. */
  appUrl?: string;
  upstreams?: readonly UpstreamSpec[];
  /** Applied under every upstream's own overrides. */
  defaultPolicy?: UpstreamPolicyInput;
  faults?: readonly FaultRuleInput[];
  /** For fault percentages; default Math.random. */
  random?: () => number;
  /** Largest request body the egress buffers (for retries). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Told of every breaker state change (telemetry is emitted regardless). */
  onStateChange?: (service: string, transition: BreakerTransition) => void;
}

export interface SidecarUpstreamView {
  name: string;
  localUrl: string;
  localPort: number;
  target: string;
  mtls: boolean;
  policy: UpstreamPolicy;
}

/** What the control plane's /topology shows of one sidecar. */
export interface SidecarTopology {
  service: string;
  /** The certificate identity peers see (CN and DNS SAN). */
  identity: string;
  meshUrl: string | null;
  meshPort: number | null;
  upstreams: SidecarUpstreamView[];
  faults: FaultRule[];
}

export interface SidecarStats {
  service: string;
  ingress: IngressCounters | null;
  upstreams: UpstreamGuardStats[];
}

export interface Sidecar {
  readonly service: string;
  /** https URL of the mesh port; undefined without ingress. */
  readonly meshUrl: string | undefined;
  readonly meshPort: number | undefined;
  /** The loopback base URL the service uses to call `upstream`. Throws for an unknown name. */
  upstreamUrl(upstream: string): string;
  attachApp(appUrl: string): void;
  readonly faults: {
    list(): FaultRule[];
    /** Validates and replaces every rule; throws naming each bad field. */
    set(rules: unknown): FaultRule[];
    clear(): void;
  };
  stats(): SidecarStats;
  topology(): SidecarTopology;
  /** Closes every listener and pool. Safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1_048_576;

export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  installContextManager();
  const { service, tracer, credentials } = options;
  if (credentials.service !== service) {
    throw new Error(`sidecar ${service}: credentials were issued for ${credentials.service}`);
  }
  let rules = parseFaultRules(options.faults ?? []);
  let ingress: RunningIngress | undefined;
  const egresses = new Map<string, RunningEgress>();
  const closeAll = async () => {
    await Promise.all([ingress?.close(), ...[...egresses.values()].map((e) => e.close())]);
  };

  try {
    if (options.ingress !== false) {
      ingress = await startIngress({
        service,
        tracer,
        credentials,
        host: options.host ?? '127.0.0.1',
        port: options.meshPort ?? 0,
        faultRules: () => rules,
        random: options.random ?? Math.random,
      });
      if (options.appUrl) ingress.attachApp(options.appUrl);
    }
    for (const spec of options.upstreams ?? []) {
      if (egresses.has(spec.name))
        throw new Error(`sidecar ${service}: upstream ${spec.name} twice`);
      const egress = await startEgress({
        service,
        upstream: spec.name,
        targetUrl: spec.url,
        credentials: spec.mesh === false ? undefined : credentials,
        policy: resolveUpstreamPolicy(options.defaultPolicy, spec.policy),
        tracer,
        port: spec.localPort ?? 0,
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        onStateChange: (transition) => options.onStateChange?.(service, transition),
      });
      egresses.set(spec.name, egress);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    service,
    meshUrl: ingress?.url,
    meshPort: ingress?.port,
    upstreamUrl: (upstream) => {
      const egress = egresses.get(upstream);
      if (!egress) throw new Error(`sidecar ${service}: no upstream named ${upstream}`);
      return egress.url;
    },
    attachApp: (appUrl) => {
      if (!ingress) throw new Error(`sidecar ${service} has no ingress to attach an app to`);
      ingress.attachApp(appUrl);
    },
    faults: {
      list: () => rules.map((rule) => ({ ...rule })),
      set: (input) => {
        rules = parseFaultRules(input);
        return rules.map((rule) => ({ ...rule }));
      },
      clear: () => {
        rules = [];
      },
    },
    stats: () => ({
      service,
      ingress: ingress?.counters() ?? null,
      upstreams: [...egresses.values()].map((e) => e.guard.stats()),
    }),
    topology: () => ({
      service,
      identity: credentials.service,
      meshUrl: ingress?.url ?? null,
      meshPort: ingress?.port ?? null,
      upstreams: [...egresses.values()].map((e) => ({
        name: e.upstream,
        localUrl: e.url,
        localPort: e.port,
        target: e.targetUrl,
        mtls: e.mtls,
        policy: e.guard.policy,
      })),
      faults: rules.map((rule) => ({ ...rule })),
    }),
    close: () => {
      closing ??= closeAll();
      return closing;
    },
  };
}

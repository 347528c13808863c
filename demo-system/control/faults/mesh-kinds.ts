import { z } from 'zod';
import type { FaultRuleInput } from '../../platform/sidecar/fault-rules';
import type { FaultKind, FaultPlatform, Revert, SidecarRules } from './types';

/**
 * Faults the sidecars apply (platform/sidecar/fault-rules.ts): latency and errors on a whole
 * service or on one edge (the callee's sidecar matches the caller's mesh identity), and a
 * network partition (both sidecars drop the other's calls: the caller sees its connection
 * reset, not an HTTP answer). Each fault adds rules named after its id next to whatever rules
 * are already there, and its revert removes exactly those.
 */

export const EDGE_ARROW = '->';
export const PAIR_ARROWS = '<->';

const percentage = z.number().min(0).max(100).default(100);

/** Meshed services (their sidecar has a mesh port to apply rules on). */
export function meshServices(platform: FaultPlatform): string[] {
  return platform
    .services()
    .filter((s) => platform.sidecarRules(s.name) !== undefined)
    .map((s) => s.name);
}

/** `caller->callee` for every call into a meshed service. */
export function meshEdges(platform: FaultPlatform): string[] {
  const meshed = new Set(meshServices(platform));
  return platform
    .services()
    .flatMap((s) =>
      s.upstreams.filter((u) => meshed.has(u)).map((u) => `${s.name}${EDGE_ARROW}${u}`),
    );
}

/** `a<->b` for every pair of services that talk and where at least one has a mesh port. */
export function meshPairs(platform: FaultPlatform): string[] {
  const meshed = new Set(meshServices(platform));
  const pairs = new Set<string>();
  for (const s of platform.services()) {
    if (s.role === 'external') continue;
    for (const u of s.upstreams) {
      if (!meshed.has(u) && !meshed.has(s.name)) continue;
      const [a, b] = [s.name, u].sort();
      pairs.add(`${a}${PAIR_ARROWS}${b}`);
    }
  }
  return [...pairs];
}

/** Adds rules to `service`'s sidecar; the revert removes them (and only them). */
export function addRules(
  platform: FaultPlatform,
  service: string,
  rules: FaultRuleInput[],
): Revert {
  const sidecar = platform.sidecarRules(service);
  if (!sidecar) throw new Error(`${service} has no mesh port`);
  const ids = new Set(rules.map((r) => r.id));
  sidecar.set([...sidecar.list(), ...rules]);
  return () => removeRules(sidecar, ids);
}

function removeRules(sidecar: SidecarRules, ids: Set<string>): void {
  sidecar.set(sidecar.list().filter((rule) => !ids.has(rule.id)));
}

/** `payments->accounts` → { service: 'accounts', peer: 'payments' }; a service name → itself. */
function splitTarget(target: string): { service: string; peer?: string } {
  const [caller, callee] = target.split(EDGE_ARROW);
  return callee ? { service: callee, peer: caller as string } : { service: target };
}

const latencyParams = z
  .object({
    delayMs: z.number().int().min(0).max(30_000).default(500),
    jitterMs: z.number().int().min(0).max(30_000).default(0),
    percentage,
  })
  .strict();

export const latencyFault: FaultKind<typeof latencyParams> = {
  kind: 'latency',
  title: 'Latency',
  description:
    'Delays requests into a service (or only those from one caller: target "caller->callee") by delayMs plus a uniform jitter, for percentage% of them. Applied by the callee\'s sidecar.',
  targetType: 'service-or-edge',
  params: latencyParams,
  targets: (platform) => [...meshServices(platform), ...meshEdges(platform)],
  apply: async ({ id, target, params, platform }) => {
    const { service, peer } = splitTarget(target);
    return addRules(platform, service, [
      {
        id,
        kind: 'delay',
        delayMs: params.delayMs,
        jitterMs: params.jitterMs,
        percentage: params.percentage,
        match: peer ? { peer } : {},
      },
    ]);
  },
};

const errorParams = z
  .object({
    status: z.number().int().min(400).max(599).default(503),
    percentage: percentage.default(50),
  })
  .strict();

export const errorsFault: FaultKind<typeof errorParams> = {
  kind: 'errors',
  title: 'Errors',
  description:
    'Answers percentage% of the requests into a service (or from one caller: "caller->callee") with an HTTP status, without calling the service. Applied by the callee\'s sidecar.',
  targetType: 'service-or-edge',
  params: errorParams,
  targets: (platform) => [...meshServices(platform), ...meshEdges(platform)],
  apply: async ({ id, target, params, platform }) => {
    const { service, peer } = splitTarget(target);
    return addRules(platform, service, [
      {
        id,
        kind: 'abort',
        status: params.status,
        percentage: params.percentage,
        match: peer ? { peer } : {},
      },
    ]);
  },
};

const partitionParams = z.object({}).strict();

export const partitionFault: FaultKind<typeof partitionParams> = {
  kind: 'partition',
  title: 'Network partition',
  description:
    'Cuts two services apart, both ways: each one\'s sidecar closes the connection of every call from the other (the caller sees a reset connection, not an HTTP answer). Target "a<->b".',
  targetType: 'pair',
  params: partitionParams,
  targets: meshPairs,
  apply: async ({ id, target, platform }) => {
    const [a, b] = target.split(PAIR_ARROWS) as [string, string];
    const reverts: Revert[] = [];
    try {
      for (const [service, peer] of [
        [a, b],
        [b, a],
      ] as const) {
        if (!platform.sidecarRules(service)) continue;
        reverts.push(
          addRules(platform, service, [{ id: `${id}:${peer}`, kind: 'drop', match: { peer } }]),
        );
      }
    } catch (error) {
      for (const revert of reverts) await revert();
      throw error;
    }
    return async () => {
      for (const revert of reverts) await revert();
    };
  },
};

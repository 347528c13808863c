import { z } from 'zod';
import { MAX_TRAFFIC_RATE } from '../traffic/generator';
import type { FaultKind } from './types';

/**
 * Faults outside the mesh rules: partner-bank misbehaving (its own admin route), a traffic
 * spike (the traffic generator's rate), and crashing a service (runtime/crashable.ts).
 */

export const PARTNER_BANK = 'partner-bank';
export const TRAFFIC_TARGET = 'gateway';

const partnerBankParams = z
  .object({
    /** outage: every business call is dropped; slow: latencyMs; flaky: failureRate of 500s. */
    mode: z.enum(['outage', 'slow', 'flaky']).default('outage'),
    latencyMs: z.number().int().min(0).max(30_000).default(2_000),
    failureRate: z.number().min(0).max(1).default(0.5),
  })
  .strict();

const behaviourSchema = z.object({
  failureRate: z.number(),
  latencyMs: z.number(),
  outage: z.boolean(),
});

export const partnerBankFault: FaultKind<typeof partnerBankParams> = {
  kind: 'partner-bank',
  title: 'partner-bank outage or slowness',
  description:
    'The external partner bank goes down (connections dropped), slow (latencyMs per call) or flaky (failureRate of its calls fail), through its own PUT /admin/behaviour; the revert restores what it was.',
  targetType: 'partner-bank',
  params: partnerBankParams,
  exclusive: true,
  targets: (platform) => (platform.partnerBankUrl() ? [PARTNER_BANK] : []),
  apply: async ({ params, platform }) => {
    const base = platform.partnerBankUrl();
    if (!base) throw new Error('partner-bank is not running');
    const url = `${base}/admin/behaviour`;
    const previous = behaviourSchema.parse(await (await fetch(url)).json());
    const next =
      params.mode === 'outage'
        ? { ...previous, outage: true }
        : params.mode === 'slow'
          ? { ...previous, latencyMs: params.latencyMs }
          : { ...previous, failureRate: params.failureRate };
    await putBehaviour(url, next);
    return () => putBehaviour(url, previous);
  },
};

async function putBehaviour(url: string, behaviour: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(behaviour),
  });
  if (!response.ok) throw new Error(`PUT ${url} answered ${response.status}`);
}

const spikeParams = z
  .object({
    multiplier: z.number().min(1).max(50).default(5),
    /** The rate multiplied when the generator is idle (rate 0). */
    baseRatePerSecond: z.number().min(1).max(100).default(5),
  })
  .strict();

export const trafficSpikeFault: FaultKind<typeof spikeParams> = {
  kind: 'traffic-spike',
  title: 'Traffic spike',
  description: `Multiplies the traffic generator's rate through the gateway (capped at ${MAX_TRAFFIC_RATE}/s); the revert restores the rate in force before.`,
  targetType: 'traffic',
  params: spikeParams,
  exclusive: true,
  targets: () => [TRAFFIC_TARGET],
  apply: async ({ params, platform }) => {
    const previous = platform.traffic.state().ratePerSecond;
    const base = previous > 0 ? previous : params.baseRatePerSecond;
    platform.traffic.setRate(Math.min(MAX_TRAFFIC_RATE, base * params.multiplier));
    return () => platform.traffic.setRate(previous);
  },
};

const crashParams = z
  .object({
    /** The service comes back after this long (the fault's TTL is capped to it). */
    restartAfterSeconds: z.number().int().min(1).max(600).default(15),
  })
  .strict();

export const crashFault: FaultKind<typeof crashParams> = {
  kind: 'crash',
  title: 'Crash a service',
  description:
    'Kills a service abruptly: its open connections are destroyed (in-flight requests lost) and it stops without draining; its sidecar stays up and answers 502 unreachable meanwhile. It restarts after restartAfterSeconds, or at once when the fault is reverted.',
  targetType: 'service',
  params: crashParams,
  exclusive: true,
  targets: (platform) => platform.crash?.crashable() ?? [],
  ttlCapSeconds: (params) => params.restartAfterSeconds,
  apply: async ({ target, platform }) => {
    const crash = platform.crash;
    if (!crash) throw new Error('this platform cannot crash services');
    await crash.crash(target);
    return () => crash.restart(target);
  },
};

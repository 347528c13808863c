import { z } from 'zod';
import { MAX_TRAFFIC_RATE } from './traffic/generator';
import {
  MAX_WEIGHT,
  SCENARIOS,
  type ScenarioName,
  type ScenarioWeights,
  validateWeights,
} from './traffic/scenarios';

/**
 * PUT /traffic: `{ ratePerSecond?, weights? }`. Weights are relative, per scenario (any
 * subset: the others keep their value); the mix that results needs one positive weight.
 */

const weight = z.number().min(0).max(MAX_WEIGHT);

export const trafficWeightsSchema = z
  .object(
    Object.fromEntries(SCENARIOS.map((name) => [name, weight.optional()])) as Record<
      ScenarioName,
      z.ZodOptional<typeof weight>
    >,
  )
  .strict();

export const trafficBodySchema = z
  .object({
    ratePerSecond: z.number().min(0).max(MAX_TRAFFIC_RATE).optional(),
    weights: trafficWeightsSchema.optional(),
  })
  .strict()
  .refine((body) => body.ratePerSecond !== undefined || body.weights !== undefined, {
    message: 'set ratePerSecond, weights or both',
  });

export type TrafficBody = z.infer<typeof trafficBodySchema>;

/** The mix after applying `change` to `current`, or an error message when it is not valid. */
export function mergeWeights(
  current: ScenarioWeights,
  change: Partial<Record<ScenarioName, number | undefined>>,
): ScenarioWeights | string {
  const merged: Record<ScenarioName, number> = { ...current };
  for (const name of SCENARIOS) {
    const value = change[name];
    if (value !== undefined) merged[name] = value;
  }
  const checked = validateWeights(merged);
  return checked.ok ? checked.weights : `weights: ${checked.message}`;
}

import { z } from 'zod';

/**
 * Inbound fault rules a sidecar applies before forwarding to its service, settable at run time
 * (by the control plane). Pure: `decideFaults` takes the rules, the request and a random
 * source and says what to do; ingress.ts applies it.
 *
 * - delay: wait `delayMs` plus a uniform extra in [0, jitterMs], then go on;
 * - abort: answer `status` without calling the service;
 * - drop:  close the connection without an answer.
 *
 * Each rule fires for `percentage`% of the requests it matches (one draw per matching rule).
 * The first delay that fires applies, and so does the first abort or drop that fires (Envoy's
 * order: delay first, then abort), so a delay and an abort can combine.
 */

const matchSchema = z
  .object({
    /** Upper-case HTTP method; any when absent. */
    method: z
      .string()
      .regex(/^[A-Z]+$/)
      .optional(),
    /** The request path starts with it; any when absent. */
    pathPrefix: z.string().startsWith('/').optional(),
    /** The caller's mesh identity (its certificate's CN); any caller when absent. */
    peer: z.string().min(1).max(100).optional(),
  })
  .strict();

const base = {
  id: z.string().trim().min(1).max(100),
  percentage: z.number().min(0).max(100).default(100),
  match: matchSchema.default({}),
};

export const faultRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...base,
      kind: z.literal('delay'),
      delayMs: z.number().int().min(0).max(60_000),
      jitterMs: z.number().int().min(0).max(60_000).default(0),
    })
    .strict(),
  z
    .object({ ...base, kind: z.literal('abort'), status: z.number().int().min(400).max(599) })
    .strict(),
  z.object({ ...base, kind: z.literal('drop') }).strict(),
]);

export const faultRulesSchema = z
  .array(faultRuleSchema)
  .max(50)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, {
    message: 'rule ids must be unique',
  });

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultKind = FaultRule['kind'];

export interface FaultRequest {
  method: string;
  path: string;
  /** The caller's mesh identity, when its certificate named one. */
  peer?: string;
}

export type TerminalFault =
  | { kind: 'abort'; ruleId: string; status: number }
  | { kind: 'drop'; ruleId: string };

export interface FaultDecision {
  delay?: { ruleId: string; ms: number };
  terminal?: TerminalFault;
}

export const NO_FAULT: FaultDecision = Object.freeze({});

/** Parses rules (defaults filled) or throws an error naming each bad field. */
export function parseFaultRules(input: unknown): FaultRule[] {
  const result = faultRulesSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid fault rules: ${problems}`);
}

export function matches(rule: FaultRule, request: FaultRequest): boolean {
  const { method, pathPrefix, peer } = rule.match;
  if (method !== undefined && method !== request.method.toUpperCase()) return false;
  if (peer !== undefined && peer !== request.peer) return false;
  return pathPrefix === undefined || request.path.startsWith(pathPrefix);
}

/** `random` returns a number in [0, 1), like Math.random. */
export function decideFaults(
  rules: readonly FaultRule[],
  request: FaultRequest,
  random: () => number,
): FaultDecision {
  let delay: FaultDecision['delay'];
  let terminal: TerminalFault | undefined;
  for (const rule of rules) {
    if (!matches(rule, request)) continue;
    if (rule.kind === 'delay' ? delay : terminal) continue; // that slot is taken
    if (random() * 100 >= rule.percentage) continue;
    if (rule.kind === 'delay') {
      delay = { ruleId: rule.id, ms: rule.delayMs + Math.floor(random() * (rule.jitterMs + 1)) };
    } else if (rule.kind === 'abort') {
      terminal = { kind: 'abort', ruleId: rule.id, status: rule.status };
    } else {
      terminal = { kind: 'drop', ruleId: rule.id };
    }
  }
  if (!delay && !terminal) return NO_FAULT;
  return { ...(delay ? { delay } : {}), ...(terminal ? { terminal } : {}) };
}

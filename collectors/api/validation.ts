import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ApiError, ParameterProblem } from '../contracts/routes';

/**
 * Request validation for the query API: every refusal is a 400 whose body names each problem
 * (ApiErrorBody with ParameterProblem[] details); unknown query parameters are problems too.
 */

export function sendBadRequest(reply: FastifyReply, problems: ParameterProblem[]) {
  const body: ApiError = {
    error: problems.map((p) => `${p.parameter}: ${p.message}`).join('; '),
    details: problems,
  };
  return reply.code(400).send(body);
}

export function sendNotFound(reply: FastifyReply, what: string) {
  const body: ApiError = { error: `${what} not found` };
  return reply.code(404).send(body);
}

/** One problem per zod issue; an unrecognised key becomes one problem per key. */
export function problemsOf(issues: readonly z.core.$ZodIssue[], allowed: string[]) {
  const problems: ParameterProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          parameter: key,
          message: `unknown parameter; allowed: ${allowed.join(', ') || '(none)'}`,
        });
      }
      continue;
    }
    problems.push({
      parameter: issue.path.map(String).join('.') || '(query)',
      message: issue.message,
    });
  }
  return problems;
}

/** Problems for every key of `record` that is not in `allowed`. */
export function unknownParameters(keys: Iterable<string>, allowed: string[]): ParameterProblem[] {
  const unknown = [...new Set(keys)].filter((key) => !allowed.includes(key));
  return unknown.map((key) => ({
    parameter: key,
    message: `unknown parameter; allowed: ${allowed.join(', ')}`,
  }));
}

/** Parses with `schema`, or answers 400 and returns undefined. */
export function parseOrReply<S extends z.ZodObject>(
  schema: S,
  value: unknown,
  reply: FastifyReply,
): z.infer<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  sendBadRequest(reply, problemsOf(result.error.issues, Object.keys(schema.shape)));
  return undefined;
}

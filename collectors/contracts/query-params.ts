import { z } from 'zod';

/**
 * Building blocks of query-string schemas: values arrive as strings (a repeated key as an
 * array, which single-valued parameters refuse) and are coerced; empty values count as absent.
 * Every message names the parameter, so a 400 says exactly what to fix.
 */

export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const optionalText = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${name} must be given once, as text` })
      .trim()
      .optional(),
  );

export const optionalUnixMs = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${name} must be a number (Unix time in milliseconds)` })
      .finite({ error: `${name} must be a finite number` })
      .nonnegative({ error: `${name} must not be negative` })
      .optional(),
  );

export const limitParam = (defaultLimit: number, maxLimit: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'limit must be a number' })
      .int({ error: 'limit must be a whole number' })
      .min(1, { error: 'limit must be at least 1' })
      .max(maxLimit, { error: `limit must be at most ${maxLimit}` })
      .default(defaultLimit),
  );

export const traceIdParam = z
  .string({ error: 'traceId must be given once' })
  .regex(/^[0-9a-fA-F]{32}$/, 'traceId must be 32 hexadecimal characters')
  .transform((id) => id.toLowerCase());

type TimeRange = { fromUnixMs?: number | undefined; toUnixMs?: number | undefined };

/** Arguments of `.refine()`: fromUnixMs must not be after toUnixMs. */
export const timeRangeInOrder: [(q: TimeRange) => boolean, { error: string; path: PropertyKey[] }] =
  [
    (q) => q.fromUnixMs === undefined || q.toUnixMs === undefined || q.fromUnixMs <= q.toUnixMs,
    { error: 'fromUnixMs must not be after toUnixMs', path: ['fromUnixMs'] },
  ];

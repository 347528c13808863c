import type { z } from 'zod';

/** An error with an HTTP status and a JSON body `{ error, ...details }`, answered as is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'HttpError';
  }

  toBody(): Record<string, unknown> {
    return { error: this.code, ...this.details };
  }
}

/** Parses `value` with `schema` or throws a 400 naming each invalid field. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new HttpError(400, 'invalid_request', { message });
}

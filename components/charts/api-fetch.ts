import type { z } from 'zod';
import { ApiErrorBody } from '../../collectors/contracts';

/** The outcome of one query-API request, parsed against its contract. */
export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number | null; message: string; notFound: boolean };

/**
 * GET `url` and parse the JSON body with `schema`. Never throws: network errors, non-2xx
 * answers (with the API's error text) and contract violations become `ok: false`.
 */
export async function fetchApi<T>(
  url: string,
  schema: z.ZodType<T>,
  options: { signal?: AbortSignal; fetchImpl?: typeof fetch } = {},
): Promise<ApiResult<T>> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: options.signal, cache: 'no-store' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, message: `request failed: ${message}`, notFound: false };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const parsedError = ApiErrorBody.safeParse(body);
    const message = parsedError.success ? parsedError.data.error : response.statusText;
    return {
      ok: false,
      status: response.status,
      message: `${response.status} ${message}`.trim(),
      notFound: response.status === 404,
    };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
    return {
      ok: false,
      status: response.status,
      message: `unexpected answer (${where})`,
      notFound: false,
    };
  }
  return { ok: true, data: parsed.data };
}

/**
 * Which requests may be sent twice. RFC 9110 §9.2.2 makes GET, HEAD, PUT, DELETE, OPTIONS and
 * TRACE idempotent; any other method (POST, PATCH) is retried only when the caller vouches for
 * it with an Idempotency-Key header, which the upstream uses to record one outcome per key.
 */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
]);

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Header names are looked up lower-case, as node:http delivers them. */
export function isRetryable(method: string, headers: HeaderBag): boolean {
  if (IDEMPOTENT_METHODS.has(method.toUpperCase())) return true;
  const key = headers[IDEMPOTENCY_KEY_HEADER];
  const value = Array.isArray(key) ? key[0] : key;
  return typeof value === 'string' && value.trim() !== '';
}

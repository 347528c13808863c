import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which headers a proxy passes on. Hop-by-hop headers (RFC 9110 §7.6.1) and any header the
 * Connection header names belong to one connection and are dropped; `host` is set by the next
 * hop; `expect` is answered by node:http itself. End-to-end headers, traceparent and
 * tracestate included, pass byte for byte.
 */

export type HeaderValues = Record<string, string | string[]>;

const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'expect',
  'http2-settings',
]);

/** Set by the ingress sidecar from the caller's client certificate; never taken from a caller. */
export const PEER_IDENTITY_HEADER = 'x-mesh-peer-identity';
/** Set by a sidecar that answered instead of the upstream; the value says why. */
export const REJECTED_HEADER = 'x-mesh-rejected';
/** Set by the ingress sidecar when a fault rule answered instead of the service. */
export const FAULT_HEADER = 'x-mesh-fault';

export interface ForwardOptions {
  /** Drop content-length too (the sender sets it for a buffered body). */
  dropContentLength?: boolean;
  /** Further names to drop, lower-case. */
  drop?: readonly string[];
}

export function forwardHeaders(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  options: ForwardOptions = {},
): HeaderValues {
  const named = connectionTokens(headers.connection);
  const out: HeaderValues = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (HOP_BY_HOP.has(key) || named.has(key) || options.drop?.includes(key)) continue;
    if (options.dropContentLength && key === 'content-length') continue;
    out[key] = value;
  }
  return out;
}

function connectionTokens(value: string | string[] | undefined): Set<string> {
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    list
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter((token) => token !== ''),
  );
}

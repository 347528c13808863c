import type { ApiError } from '../../collectors/contracts';

/**
 * Forwards a browser request to one upstream process (collectors or control plane) and streams
 * the answer back unchanged, so the browser talks to one origin. Works for Server-Sent Events:
 * the upstream body is passed through as it arrives and the upstream request is aborted when
 * the browser disconnects.
 */
export interface ProxyTarget {
  /** Named in error bodies: "<name> unreachable". */
  name: string;
  /** Origin (and optional base path) of the upstream, without a trailing slash. */
  baseUrl: string;
  /** Path prefix the upstream serves these routes under, e.g. "/api/v1" or "". */
  prefix: string;
}

/** How long the upstream may take to send its response headers (not the whole body). */
const HEADERS_TIMEOUT_MS = 10_000;

/** Request headers worth passing on; everything else (cookies, host, …) stays here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'last-event-id'] as const;

/** Response headers worth passing back; the body is re-streamed, so no length/encoding. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'etag', 'last-modified'];

/**
 * The upstream URL for the path segments of a catch-all route, or null when a segment could
 * walk out of the prefix ("..", ".", empty) or smuggle a separator.
 */
export function upstreamUrl(
  target: ProxyTarget,
  segments: readonly string[],
  search: string,
): URL | null {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || /[/\\]/.test(segment)) return null;
  }
  const path = segments.map((segment) => encodeURIComponent(segment)).join('/');
  return new URL(`${target.baseUrl}${target.prefix}/${path}${search}`);
}

function errorResponse(status: number, body: ApiError): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

export async function forward(
  request: Request,
  target: ProxyTarget,
  segments: readonly string[],
): Promise<Response> {
  const url = upstreamUrl(target, segments, new URL(request.url).search);
  if (url === null) return errorResponse(400, { error: 'invalid path', details: { segments } });

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const requestBody = hasBody ? await request.arrayBuffer() : undefined;

  // One controller ends the upstream request: the browser went away, or headers took too long.
  const upstreamAbort = new AbortController();
  const onClientGone = () => upstreamAbort.abort(request.signal.reason);
  if (request.signal.aborted) onClientGone();
  request.signal.addEventListener('abort', onClientGone, { once: true });
  const headersTimer = setTimeout(
    () => upstreamAbort.abort(new Error('upstream headers timeout')),
    HEADERS_TIMEOUT_MS,
  );

  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers,
      body: requestBody && requestBody.byteLength > 0 ? requestBody : undefined,
      signal: upstreamAbort.signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (error) {
    request.signal.removeEventListener('abort', onClientGone);
    const timedOut = upstreamAbort.signal.aborted && !request.signal.aborted;
    return errorResponse(timedOut ? 504 : 502, {
      error: `${target.name} ${timedOut ? 'timed out' : 'unreachable'}`,
      details: { upstream: url.origin, cause: causeCode(error) },
    });
  } finally {
    clearTimeout(headersTimer);
  }

  const responseHeaders = new Headers({
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  const isEventStream = upstream.headers.get('content-type')?.startsWith('text/event-stream');
  const body = isEventStream && upstream.body ? endQuietly(upstream.body) : upstream.body;
  return new Response(body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}

/**
 * An event stream whose upstream dies (collectors restarted) ends like a normal close instead
 * of a broken chunked response: SSE is framed by message, so the browser loses at most a
 * partial message and its EventSource reconnects either way, without a network error.
 */
function endQuietly(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

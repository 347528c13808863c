import {
  context,
  defaultTextMapSetter,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { Agent, request } from 'undici';
import { semconv } from '../../collectors/contracts/conventions';
import { traceContextPropagator } from './telemetry';

/**
 * The only way services call each other: an explicitly instrumented HTTP client bound to one
 * peer service by base URL. Each call is a CLIENT span named `${method} ${routeTemplate}` that
 * carries the W3C traceparent to the peer. 5xx answers and network errors mark it as an error;
 * 4xx answers are business outcomes (e.g. 409 insufficient funds) and leave it unset.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface ServiceClientOptions {
  tracer: Tracer;
  /** The peer's service.name, recorded as peer.service. */
  peerService: string;
  baseUrl: string;
  /** Per-call timeout for the whole exchange (headers and body). */
  timeoutMs?: number;
}

export interface CallOptions {
  params?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface ServiceResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** The peer could not be reached or did not answer in time: the outcome is unknown. */
export class UpstreamError extends Error {
  constructor(
    readonly peerService: string,
    readonly reason: 'timeout' | 'unreachable',
    cause: unknown,
  ) {
    super(`${peerService} ${reason}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'UpstreamError';
  }
}

export interface ServiceClient {
  readonly peerService: string;
  readonly baseUrl: string;
  call<T = unknown>(
    method: HttpMethod,
    routeTemplate: string,
    options?: CallOptions,
  ): Promise<ServiceResponse<T>>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 2_000;

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const base = new URL(options.baseUrl);
  const serverPort = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
  const agent = new Agent({ keepAliveTimeout: 4_000, connections: 64 });
  const { tracer, peerService } = options;

  async function call<T>(
    method: HttpMethod,
    routeTemplate: string,
    callOptions: CallOptions = {},
  ): Promise<ServiceResponse<T>> {
    const url = new URL(fillRoute(routeTemplate, callOptions.params ?? {}), base);
    const span = tracer.startSpan(
      `${method} ${routeTemplate}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_SERVER_ADDRESS]: base.hostname,
          [ATTR_SERVER_PORT]: serverPort,
          [ATTR_URL_FULL]: url.href,
          [semconv.peerService]: peerService,
        },
      },
      context.active(),
    );
    const headers: Record<string, string> = { ...callOptions.headers };
    traceContextPropagator.inject(
      trace.setSpan(context.active(), span),
      headers,
      defaultTextMapSetter,
    );
    const hasBody = callOptions.body !== undefined;
    if (hasBody) headers['content-type'] = 'application/json';
    try {
      const response = await request(url, {
        method,
        headers,
        body: hasBody ? JSON.stringify(callOptions.body) : undefined,
        dispatcher: agent,
        signal: AbortSignal.timeout(
          callOptions.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ),
      });
      const text = await response.body.text();
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
      if (response.statusCode >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(response.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return {
        status: response.statusCode,
        headers: response.headers,
        body: parseBody(text, response.headers['content-type']) as T,
      };
    } catch (error) {
      const reason = isTimeout(error) ? 'timeout' : 'unreachable';
      const failure = new UpstreamError(peerService, reason, error);
      span.setAttribute(ATTR_ERROR_TYPE, reason);
      span.recordException(failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      throw failure;
    } finally {
      span.end();
    }
  }

  return { peerService, baseUrl: base.href, call, close: () => agent.close() };
}

/** Replaces `:name` segments of a route template with URL-encoded params. */
export function fillRoute(template: string, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing route param "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
}

function parseBody(text: string, contentType: string | string[] | undefined): unknown {
  if (text === '') return null;
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  if (type?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** An upstream's answer whose outcome is not known (unreachable, timeout, 5xx, refusal). */
export type Unknown = { kind: 'unknown'; reason: string };

export function unknownAnswer(reason: string): Unknown {
  return { kind: 'unknown', reason };
}

/** Runs a call; an UpstreamError (timeout, unreachable) becomes an `Unknown` answer. */
export async function callOrUnknown<T>(call: () => Promise<T>): Promise<T | Unknown> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UpstreamError) return unknownAnswer(error.message);
    throw error;
  }
}

import type { AddressInfo } from 'node:net';
import {
  type Context,
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { HttpError } from './http-errors';
import { emitLog } from './service-log';
import { traceContextPropagator } from './telemetry';
import { recordError } from './with-span';

/**
 * The service kit: a fastify app with one SERVER span per request (W3C traceparent extracted
 * from the headers), JSON errors and an untraced GET /health. Operational routes the control
 * plane calls (`isOperationalRoute`: /health, /audit, /admin/*, /projections*) are not traced
 * either, like health checks in OpenTelemetry's HTTP instrumentations: they are not the bank's
 * traffic and would otherwise show up on the graph as calls from an unknown user. Handlers
 * run with the server span active, so `withSpan` and the HTTP client pick it up as their
 * parent. With a logger, every traced 5xx answer is also an ERROR log line in its trace.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's SERVER span context (ROOT_CONTEXT when the app is not traced). */
    traceContext: Context;
    serverSpan: Span | null;
    /** What a 5xx answer's JSON body said (error, reason, message), for its log line. */
    failure: string | null;
  }
}

export interface ServiceAppOptions {
  /** Name reported by /health. */
  serviceName: string;
  /** Omit for an untraced app (e.g. the control plane). */
  tracer?: Tracer;
  /** Where traced 5xx answers are logged (the service's OTLP logger). */
  logger?: Logger;
  /** Body of GET /health; defaults to `{ status: 'ok', service }`. */
  health?: () => Record<string, unknown>;
}

export const HEALTH_PATH = '/health';

/** Routes that are not the bank's traffic (health, audits, admin, projection controls). */
export function isOperationalRoute(route: string | undefined): boolean {
  if (route === undefined) return false;
  return (
    route === HEALTH_PATH ||
    route === '/audit' ||
    route.startsWith('/admin/') ||
    route === '/projections' ||
    route.startsWith('/projections/')
  );
}

export function createServiceApp(options: ServiceAppOptions): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.decorateRequest('traceContext', null as unknown as Context);
  app.decorateRequest('serverSpan', null);
  app.decorateRequest('failure', null);
  app.addHook('onRequest', async (request) => {
    request.traceContext = ROOT_CONTEXT;
  });

  const health = options.health ?? (() => ({ status: 'ok', service: options.serviceName }));
  app.get(HEALTH_PATH, async () => health());
  if (options.tracer) instrument(app, options.tracer, options.logger);

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    return { error: 'not_found', message: `no route for ${request.method} ${request.url}` };
  });
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof HttpError) {
      reply.code(error.statusCode);
      return error.toBody();
    }
    const status = statusOf(error);
    if (status >= 400 && status < 500) {
      reply.code(status);
      return { error: 'bad_request', message: messageOf(error) };
    }
    if (request.serverSpan) recordError(request.serverSpan, error);
    console.error(`${options.serviceName}: ${request.method} ${request.url} failed:`, error);
    reply.code(500);
    return { error: 'internal_error' };
  });
  return app;
}

function instrument(app: FastifyInstance, tracer: Tracer, logger: Logger | undefined): void {
  // Run every traced handler inside its server span's context (the body is parsed by then).
  app.addHook('onRoute', (route) => {
    if (isOperationalRoute(route.url)) return;
    const handler = route.handler;
    route.handler = function tracedHandler(this: FastifyInstance, request, reply) {
      return context.with(request.traceContext, () => handler.call(this, request, reply));
    };
  });

  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    // An unmatched request (404) has no route: judge it by its path (a probe for /projections).
    if (isOperationalRoute(route ?? pathOf(request))) return;
    const parent = traceContextPropagator.extract(
      ROOT_CONTEXT,
      request.headers,
      defaultTextMapGetter,
    );
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
          [ATTR_URL_PATH]: pathOf(request),
          [ATTR_SERVER_PORT]: request.socket.localPort ?? 0,
        },
      },
      parent,
    );
    request.serverSpan = span;
    request.traceContext = trace.setSpan(parent, span);
  });

  app.addHook('onError', async (request, _reply, error) => {
    if (request.serverSpan && statusOf(error) >= 500) request.serverSpan.recordException(error);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (logger && request.serverSpan && reply.statusCode >= 500) {
      request.failure = failureOf(payload);
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (logger && request.serverSpan && reply.statusCode >= 500) {
      logFailure(logger, request, reply.statusCode);
    }
    endServerSpan(request, reply.statusCode);
  });
  app.addHook('onRequestAbort', async (request) => {
    const span = request.serverSpan;
    if (!span) return;
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted by client' });
    span.end();
    request.serverSpan = null;
  });
}

function endServerSpan(request: FastifyRequest, statusCode: number): void {
  const span = request.serverSpan;
  if (!span) return;
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  request.serverSpan = null;
}

function logFailure(logger: Logger, request: FastifyRequest, statusCode: number): void {
  const route = request.routeOptions.url ?? pathOf(request);
  emitLog(logger, {
    level: 'error',
    eventName: 'http.server.failure',
    body: `${request.method} ${route} answered ${statusCode}${request.failure ? `: ${request.failure}` : ''}`,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_HTTP_ROUTE]: route,
      [ATTR_URL_PATH]: pathOf(request),
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: statusCode,
    },
    context: request.traceContext,
  });
}

/** `error (reason): message` from a JSON error body; null when the body says nothing. */
function failureOf(payload: unknown): string | null {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    const body = JSON.parse(payload) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const head = [text('error'), text('reason') && `(${text('reason')})`].filter(Boolean).join(' ');
    const said = [head, text('message')].filter(Boolean).join(': ');
    return said === '' ? null : said.slice(0, 300);
  } catch {
    return null;
  }
}

function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q === -1 ? request.url : request.url.slice(0, q);
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : 500;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface Listening {
  port: number;
  url: string;
}

/** Listens on host:port (0 = any free port) and returns the bound port and base URL. */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<Listening> {
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  listeningServers.set(url, app.server);
  app.server.once('close', () => listeningServers.delete(url));
  return { port: address.port, url };
}

const listeningServers = new Map<string, FastifyInstance['server']>();

/**
 * The node server listening at `url` (a base URL `listen` returned), while it listens: the
 * crash fault (runtime/crashable.ts) destroys its connections to lose in-flight work.
 */
export function serverListeningAt(url: string): FastifyInstance['server'] | undefined {
  return listeningServers.get(url);
}

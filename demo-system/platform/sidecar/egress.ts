import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { context, type Tracer } from '@opentelemetry/api';
import { Agent } from 'undici';
import { breakerAttributes, meshAttributes } from '../../../collectors/contracts/conventions';
import type { ServiceCredentials } from '../pki/dev-pki';
import type { BreakerTransition } from '../resilience/breaker-telemetry';
import { isRetryable } from '../resilience/idempotency';
import type { UpstreamPolicy } from '../resilience/policy-config';
import { type Rejection, UpstreamGuard } from '../resilience/upstream-guard';
import {
  forwardHeaders,
  type HeaderValues,
  PEER_IDENTITY_HEADER,
  REJECTED_HEADER,
} from './forward-headers';
import {
  BodyTooLargeError,
  callerGone,
  closeServer,
  listenOn,
  readBody,
  sendJson,
} from './http-io';
import { endMeshSpan, startMeshSpan } from './mesh-span';

/**
 * The outbound side of a sidecar, one loopback listener per upstream (Consul Connect's
 * "upstreams" model): the service calls http://127.0.0.1:<local port>/<path> as if it were the
 * upstream, and the sidecar calls the upstream under its resilience policies. For a mesh
 * upstream it speaks mTLS to the upstream's sidecar with this service's certificate and checks
 * that the upstream's certificate names the upstream; an external upstream (outside the mesh,
 * e.g. partner-bank) gets the same policies over its own scheme, without a client certificate.
 *
 * The request body is buffered (bounded), so an attempt can be repeated; so is the response,
 * so the per-attempt timeout covers the whole exchange.
 */

export interface EgressOptions {
  service: string;
  upstream: string;
  /** https://host:port of the upstream's mesh port, or the external upstream's base URL. */
  targetUrl: string;
  /** Present for a mesh upstream: mTLS with these credentials, server name = upstream. */
  credentials?: ServiceCredentials;
  policy: UpstreamPolicy;
  tracer: Tracer;
  /** Local port on 127.0.0.1 (0: any free port). */
  port: number;
  maxBodyBytes: number;
  onStateChange?: (transition: BreakerTransition) => void;
}

export interface RunningEgress {
  readonly upstream: string;
  readonly url: string;
  readonly port: number;
  readonly targetUrl: string;
  readonly mtls: boolean;
  readonly guard: UpstreamGuard<UpstreamReply>;
  close(): Promise<void>;
}

export interface UpstreamReply {
  status: number;
  headers: HeaderValues;
  body: Buffer;
}

const REJECTION_STATUS: Record<Rejection, number> = {
  'breaker-open': 503,
  'bulkhead-full': 503,
  timeout: 504,
  unreachable: 502,
};

const LOOPBACK = '127.0.0.1';

export async function startEgress(options: EgressOptions): Promise<RunningEgress> {
  const { upstream, policy, tracer, credentials } = options;
  const target = new URL(options.targetUrl);
  if (credentials && target.protocol !== 'https:') {
    throw new Error(`sidecar ${options.service}: mesh upstream ${upstream} needs an https URL`);
  }
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    connections: policy.bulkhead.maxConcurrent,
    ...(credentials
      ? {
          connect: {
            ca: credentials.caPem,
            cert: credentials.certPem,
            key: credentials.keyPem,
            servername: upstream,
            rejectUnauthorized: true,
            minVersion: 'TLSv1.3' as const,
          },
        }
      : {}),
  });
  const guard = new UpstreamGuard<UpstreamReply>({
    upstream,
    policy,
    tracer,
    onStateChange: options.onStateChange,
  });

  const attempt = async (
    method: string,
    path: string,
    headers: HeaderValues,
    body: Buffer | undefined,
    signal: AbortSignal,
  ): Promise<UpstreamReply> => {
    const response = await agent.request({
      origin: target.origin,
      path,
      method,
      headers,
      body,
      signal,
    });
    const buffer = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers as HeaderValues, body: buffer };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const { span, context: spanContext } = startMeshSpan(tracer, 'egress', request, {
      [meshAttributes.upstream]: upstream,
    });
    let status = 0;
    try {
      const body = await readBody(request, options.maxBodyBytes);
      const headers = forwardHeaders(request.headers, {
        dropContentLength: true,
        drop: [PEER_IDENTITY_HEADER],
      });
      const outcome = await context.with(spanContext, () =>
        guard.execute(
          isRetryable(method, request.headers),
          (signal) => attempt(method, path, headers, body.length > 0 ? body : undefined, signal),
          callerGone(response),
        ),
      );
      span.setAttribute(meshAttributes.attempts, outcome.attempts);
      span.setAttribute(breakerAttributes.state, guard.state);
      if (outcome.kind === 'rejected') {
        status = REJECTION_STATUS[outcome.reason];
        span.setAttribute(meshAttributes.rejected, outcome.reason);
        const retryAfter: Record<string, string> =
          outcome.reason === 'breaker-open'
            ? { 'retry-after': String(Math.ceil(policy.breaker.halfOpenAfterMs / 1000)) }
            : {};
        sendJson(
          response,
          status,
          {
            error: 'mesh_rejected',
            reason: outcome.reason,
            service: options.service,
            upstream,
            message: rejectionMessage(outcome.reason, upstream, policy),
          },
          { [REJECTED_HEADER]: outcome.reason, ...retryAfter },
        );
        return;
      }
      const { reply } = outcome;
      status = reply.status;
      const replyHeaders = forwardHeaders(reply.headers, { dropContentLength: method !== 'HEAD' });
      if (method !== 'HEAD') replyHeaders['content-length'] = String(reply.body.length);
      response.writeHead(reply.status, replyHeaders);
      response.end(reply.body);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        status = 413;
        sendJson(response, 413, { error: 'payload_too_large', message: error.message });
      } else {
        status = 500;
        span.recordException(error as Error);
        sendJson(response, 500, { error: 'sidecar_error' });
      }
    } finally {
      endMeshSpan(span, status);
    }
  };

  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error(`sidecar ${options.service} egress: unexpected failure`, error);
      response.destroy();
    });
  });
  const port = await listenOn(server, LOOPBACK, options.port);
  return {
    upstream,
    url: `http://${LOOPBACK}:${port}`,
    port,
    targetUrl: target.origin,
    mtls: credentials !== undefined,
    guard,
    close: async () => {
      await closeServer(server);
      await agent.close();
    },
  };
}

function rejectionMessage(reason: Rejection, upstream: string, policy: UpstreamPolicy): string {
  switch (reason) {
    case 'breaker-open':
      return `the circuit breaker for ${upstream} is open; calls resume after a probe succeeds`;
    case 'bulkhead-full':
      return `${upstream} already has ${policy.bulkhead.maxConcurrent} calls in flight`;
    case 'timeout':
      return `${upstream} did not answer within ${policy.timeoutMs} ms`;
    case 'unreachable':
      return `${upstream} could not be reached`;
  }
}

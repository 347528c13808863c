import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import type { Span, Tracer } from '@opentelemetry/api';
import { Pool } from 'undici';
import { faultAttributes, meshAttributes } from '../../../collectors/contracts/conventions';
import type { ServiceCredentials } from '../pki/dev-pki';
import { decideFaults, type FaultDecision, type FaultRule } from './fault-rules';
import {
  FAULT_HEADER,
  forwardHeaders,
  PEER_IDENTITY_HEADER,
  REJECTED_HEADER,
} from './forward-headers';
import { callerGone, closeServer, hostForUrl, listenOn, pause, sendJson } from './http-io';
import { endMeshSpan, startMeshSpan } from './mesh-span';

/**
 * The inbound side of a sidecar: the service's mesh port. HTTPS (TLS 1.3) that demands a client
 * certificate signed by the development CA, so a plaintext call, a call without a client
 * certificate and one with a certificate from another CA all fail in the handshake. Accepted
 * calls pass the fault rules, then go to the service's own plain HTTP port on loopback,
 * streamed both ways, with the caller's identity (its certificate's CN) in x-mesh-peer-identity.
 */

export interface IngressOptions {
  service: string;
  tracer: Tracer;
  credentials: ServiceCredentials;
  host: string;
  port: number;
  /** The rules in force, read per request. */
  faultRules: () => readonly FaultRule[];
  random: () => number;
}

export interface IngressCounters {
  /** Handshakes refused: plaintext, no client certificate, or one the CA did not sign. */
  refusedHandshakes: number;
  requests: number;
  forwarded: number;
  unavailable: number;
  faults: { delay: number; abort: number; drop: number };
}

export interface RunningIngress {
  readonly url: string;
  readonly port: number;
  /** Where accepted calls go: the service's own base URL (plain HTTP on loopback). */
  attachApp(appUrl: string): void;
  counters(): IngressCounters;
  close(): Promise<void>;
}

export async function startIngress(options: IngressOptions): Promise<RunningIngress> {
  const { tracer, credentials } = options;
  let app: Pool | undefined;
  const counters: IngressCounters = {
    refusedHandshakes: 0,
    requests: 0,
    forwarded: 0,
    unavailable: 0,
    faults: { delay: 0, abort: 0, drop: 0 },
  };

  const forward = async (
    request: IncomingMessage,
    response: ServerResponse,
    span: Span,
    identity: string | undefined,
  ) => {
    if (!app) {
      counters.unavailable++;
      span.setAttribute(meshAttributes.rejected, 'unreachable');
      sendJson(
        response,
        503,
        { error: 'mesh_rejected', reason: 'unreachable', service: options.service },
        { [REJECTED_HEADER]: 'unreachable' },
      );
      return 503;
    }
    const headers = forwardHeaders(request.headers, { drop: [PEER_IDENTITY_HEADER] });
    if (identity) headers[PEER_IDENTITY_HEADER] = identity;
    const hasBody =
      request.headers['content-length'] !== undefined ||
      request.headers['transfer-encoding'] !== undefined;
    try {
      const reply = await app.request({
        path: request.url ?? '/',
        method: request.method ?? 'GET',
        headers,
        body: hasBody ? request : undefined,
        signal: callerGone(response),
      });
      counters.forwarded++;
      response.writeHead(reply.statusCode, forwardHeaders(reply.headers));
      // The caller leaving mid-body is its own business: the socket is closed either way.
      await pipeline(reply.body, response).catch(() => response.destroy());
      return reply.statusCode;
    } catch (error) {
      counters.unavailable++;
      span.recordException(error as Error);
      span.setAttribute(meshAttributes.rejected, 'unreachable');
      sendJson(
        response,
        502,
        { error: 'mesh_rejected', reason: 'unreachable', service: options.service },
        { [REJECTED_HEADER]: 'unreachable' },
      );
      return 502;
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    counters.requests++;
    const identity = peerIdentity(request);
    const { span } = startMeshSpan(tracer, 'ingress', request, {
      ...(identity ? { [meshAttributes.peerIdentity]: identity } : {}),
    });
    let status = 0;
    let note: string | undefined;
    try {
      const url = request.url ?? '/';
      const path = url.split('?', 1)[0] ?? '/';
      const decision = decideFaults(
        options.faultRules(),
        { method: request.method ?? 'GET', path, ...(identity ? { peer: identity } : {}) },
        options.random,
      );
      markFaults(span, decision);
      if (decision.delay) {
        counters.faults.delay++;
        await pause(decision.delay.ms, callerGone(response));
        if (response.destroyed) {
          note = 'caller left during the injected delay';
          return;
        }
      }
      const terminal = decision.terminal;
      if (terminal?.kind === 'drop') {
        counters.faults.drop++;
        note = 'connection dropped by fault rule';
        request.socket.destroy();
        return;
      }
      if (terminal?.kind === 'abort') {
        counters.faults.abort++;
        status = terminal.status;
        sendJson(
          response,
          status,
          { error: 'fault_injected', fault: terminal.ruleId, service: options.service },
          { [FAULT_HEADER]: terminal.ruleId },
        );
        return;
      }
      status = await forward(request, response, span, identity);
    } finally {
      endMeshSpan(span, status, note);
    }
  };

  const server = createServer(
    {
      ca: credentials.caPem,
      cert: credentials.certPem,
      key: credentials.keyPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
      keepAliveTimeout: 65_000,
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        console.error(`sidecar ${options.service} ingress: unexpected failure`, error);
        response.destroy();
      });
    },
  );
  // A refused handshake (plaintext, no or foreign certificate) is the point of the mesh port,
  // not an error to report; node:https already closes the socket. It is counted.
  server.on('tlsClientError', () => {
    counters.refusedHandshakes++;
  });
  const port = await listenOn(server, options.host, options.port);

  return {
    url: `https://${hostForUrl(options.host)}:${port}`,
    port,
    attachApp: (appUrl) => {
      const previous = app;
      app = new Pool(new URL(appUrl).origin, { connections: 128, keepAliveTimeout: 30_000 });
      void previous?.close();
    },
    counters: () => ({ ...counters, faults: { ...counters.faults } }),
    close: async () => {
      await closeServer(server);
      await app?.close();
    },
  };
}

/** The caller's certificate CN, read once per connection (parsing it costs per call). */
const identities = new WeakMap<TLSSocket, string | undefined>();

function peerIdentity(request: IncomingMessage): string | undefined {
  const socket = request.socket as TLSSocket;
  if (identities.has(socket)) return identities.get(socket);
  const cn = socket.getPeerCertificate?.()?.subject?.CN;
  const identity = typeof cn === 'string' && cn !== '' ? cn : undefined;
  identities.set(socket, identity);
  return identity;
}

function markFaults(span: Span, decision: FaultDecision): void {
  const applied = [decision.delay && 'delay', decision.terminal?.kind].filter(Boolean);
  if (applied.length === 0) return;
  const ids = [decision.delay?.ruleId, decision.terminal?.ruleId].filter(Boolean);
  span.setAttribute(faultAttributes.kind, applied.join(','));
  span.setAttribute(faultAttributes.id, ids.join(','));
}

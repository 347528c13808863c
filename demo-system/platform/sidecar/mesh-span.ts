import type { IncomingMessage } from 'node:http';
import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { meshAttributes } from '../../../collectors/contracts/conventions';
import { traceContextPropagator } from '../telemetry';

/**
 * A sidecar's span for one proxied request: INTERNAL, under its service's tracer (so its
 * service.name), marked mesh.sidecar=true, and a child of the caller's traceparent. The
 * sidecar forwards that traceparent untouched, so the service's CLIENT span stays the parent
 * of the upstream's SERVER span and the service graph sees the same edges with or without a
 * mesh; the sidecar spans hang beside them in the trace as the proxy's share of the latency.
 */

export type MeshDirection = 'ingress' | 'egress';

export interface MeshSpan {
  span: Span;
  /** Parent context with the span active: run the proxied call in it. */
  context: Context;
}

export function startMeshSpan(
  tracer: Tracer,
  direction: MeshDirection,
  request: IncomingMessage,
  attributes: Attributes = {},
): MeshSpan {
  const parent = traceContextPropagator.extract(
    ROOT_CONTEXT,
    request.headers,
    defaultTextMapGetter,
  );
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const span = tracer.startSpan(
    `mesh.${direction}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [meshAttributes.sidecar]: true,
        [meshAttributes.direction]: direction,
        [ATTR_HTTP_REQUEST_METHOD]: request.method ?? 'GET',
        [ATTR_URL_PATH]: query === -1 ? url : url.slice(0, query),
        ...attributes,
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Records the status the sidecar answered with (0: no answer) and ends the span. */
export function endMeshSpan(span: Span, statusCode: number, errorMessage?: string): void {
  if (statusCode > 0) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
  if (statusCode >= 500 || statusCode === 0 || errorMessage) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      ...(errorMessage ? { message: errorMessage } : {}),
    });
  }
  span.end();
}

import { randomBytes } from 'node:crypto';

/**
 * OTLP/JSON bodies for the UI benches: one client span in `caller` and the server span it
 * caused in `callee`, which the collectors pair into the edge caller → callee right away (no
 * wait for an unmatched half to expire).
 */
export interface PairOptions {
  caller: string;
  callee: string;
  operation?: string;
  error?: boolean;
  durationMs?: number;
  /** End of the server span; defaults to now. */
  endUnixMs?: number;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

export function spanPairBody(options: PairOptions): string {
  const end = options.endUnixMs ?? Date.now();
  const duration = options.durationMs ?? 12;
  const traceId = hex(16);
  const clientId = hex(8);
  const status = { code: options.error ? 2 : 1 };
  const operation = options.operation ?? 'GET /bench';
  const resource = (service: string) => ({ attributes: [str('service.name', service)] });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: resource(options.caller),
        scopeSpans: [
          {
            scope: { name: 'patternscope-bench' },
            spans: [
              {
                traceId,
                spanId: clientId,
                name: operation,
                kind: 3,
                startTimeUnixNano: nanos(end - duration - 1),
                endTimeUnixNano: nanos(end + 1),
                attributes: [str('peer.service', options.callee)],
                status,
              },
            ],
          },
        ],
      },
      {
        resource: resource(options.callee),
        scopeSpans: [
          {
            scope: { name: 'patternscope-bench' },
            spans: [
              {
                traceId,
                spanId: hex(8),
                parentSpanId: clientId,
                name: operation,
                kind: 2,
                startTimeUnixNano: nanos(end - duration),
                endTimeUnixNano: nanos(end),
                attributes: [str('http.request.method', 'GET')],
                status,
              },
            ],
          },
        ],
      },
    ],
  });
}

/** POST one OTLP/JSON traces body; throws unless the receiver accepted it. */
export async function postTraces(otlpBaseUrl: string, body: string): Promise<void> {
  const response = await fetch(`${otlpBaseUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`POST /v1/traces: ${response.status} ${await response.text()}`);
}

import {
  type Attributes,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** The four services of the benchmark's traces (one SDK resource each). */
export const BENCH_SERVICES = ['gateway', 'accounts', 'payments', 'notifications'] as const;
type Service = (typeof BENCH_SERVICES)[number];

/** A span of the trace template: who emits it, under which parent (index), and how. */
interface TemplateSpan {
  service: Service;
  parent: number | undefined;
  name: string;
  kind: SpanKind;
  attributes: Attributes;
}

const http = (method: string, route: string, host: string, port: number): Attributes => ({
  'http.request.method': method,
  'http.route': route,
  'url.path': route.replace(':id', 'acc-4711'),
  'url.scheme': 'http',
  'server.address': host,
  'server.port': port,
  'network.protocol.version': '1.1',
  'http.response.status_code': 200,
});

const httpClient = (method: string, host: string, port: number, path: string): Attributes => ({
  'http.request.method': method,
  'url.full': `http://${host}:${port}${path}`,
  'server.address': host,
  'server.port': port,
  'network.peer.address': '127.0.0.1',
  'http.response.status_code': 200,
});

/**
 * One request through the bank, 10 spans; a trace of n spans keeps the first n (every parent
 * comes before its children):
 *
 *   0 gateway SERVER GET /api/v1/transfers
 *   ├── 1 gateway CLIENT GET -> 2 accounts SERVER GET /accounts/:id -> 3 accounts CLIENT SELECT (postgresql)
 *   └── 4 gateway CLIENT POST -> 5 payments SERVER POST /payments
 *                                ├── 6 payments PRODUCER publish -> 7 notifications CONSUMER process
 *                                │                                  └── 8 notifications CLIENT POST (peer.service smtp-relay)
 *                                └── 9 payments INTERNAL validate limits
 */
const TEMPLATE: readonly TemplateSpan[] = [
  {
    service: 'gateway',
    parent: undefined,
    name: 'POST /api/v1/transfers',
    kind: SpanKind.SERVER,
    attributes: {
      ...http('POST', '/api/v1/transfers', 'bank.example', 8080),
      'client.address': '203.0.113.7',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0',
    },
  },
  {
    service: 'gateway',
    parent: 0,
    name: 'GET',
    kind: SpanKind.CLIENT,
    attributes: httpClient('GET', 'accounts', 7101, '/accounts/acc-4711'),
  },
  {
    service: 'accounts',
    parent: 1,
    name: 'GET /accounts/:id',
    kind: SpanKind.SERVER,
    attributes: http('GET', '/accounts/:id', 'accounts', 7101),
  },
  {
    service: 'accounts',
    parent: 2,
    name: 'SELECT accounts',
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system': 'postgresql',
      'db.namespace': 'accounts',
      'db.query.text': 'SELECT id, balance, currency FROM accounts WHERE id = $1',
      'server.address': '127.0.0.1',
      'server.port': 5432,
    },
  },
  {
    service: 'gateway',
    parent: 0,
    name: 'POST',
    kind: SpanKind.CLIENT,
    attributes: httpClient('POST', 'payments', 7102, '/payments'),
  },
  {
    service: 'payments',
    parent: 4,
    name: 'POST /payments',
    kind: SpanKind.SERVER,
    attributes: http('POST', '/payments', 'payments', 7102),
  },
  {
    service: 'payments',
    parent: 5,
    name: 'publish payments.completed',
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.destination.name': 'payments.completed',
      'messaging.operation.type': 'publish',
      'messaging.kafka.message.key': 'acc-4711',
    },
  },
  {
    service: 'notifications',
    parent: 6,
    name: 'process payments.completed',
    kind: SpanKind.CONSUMER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.destination.name': 'payments.completed',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': 'notifications',
    },
  },
  {
    service: 'notifications',
    parent: 7,
    name: 'POST',
    kind: SpanKind.CLIENT,
    attributes: {
      ...httpClient('POST', 'smtp-relay.example', 443, '/v1/send'),
      'peer.service': 'smtp-relay',
    },
  },
  {
    service: 'payments',
    parent: 5,
    name: 'validate limits',
    kind: SpanKind.INTERNAL,
    attributes: { 'payment.currency': 'EUR', 'payment.amount_band': '100-1000' },
  },
];

/** A small deterministic PRNG, so every run benchmarks the same bodies. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trace sizes between 5 and 10 that add up to exactly `total` (total >= 5). */
function traceSizes(total: number, random: () => number): number[] {
  const sizes: number[] = [];
  let left = total;
  while (left > 0) {
    let size = 5 + Math.floor(random() * 6);
    if (left - size < 5) size = left <= 10 ? left : left - 5;
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Real SDK spans (BasicTracerProvider per service, InMemorySpanExporter) for `totalSpans`
 * spans in traces of 5-10 spans: client/server pairs, a producer/consumer pair, a database and
 * a peer.service call; about 2 % of the
 * traces fail with a 503 from payments.
 */
export async function recordRealisticSpans(totalSpans: number, seed = 1): Promise<ReadableSpan[]> {
  const random = mulberry32(seed);
  const exporter = new InMemorySpanExporter();
  const providers = BENCH_SERVICES.map(
    (service) =>
      new BasicTracerProvider({
        resource: defaultResource().merge(
          resourceFromAttributes({
            'service.name': service,
            'service.version': '1.4.2',
            'service.instance.id': `${service}-7d9f8c-x2k4q`,
            'deployment.environment.name': 'bench',
            'host.name': 'bench-host',
            'process.pid': 4242,
            'process.runtime.name': 'nodejs',
            'process.runtime.version': '20.20.0',
          }),
        ),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      }),
  );
  const tracers = new Map<Service, Tracer>(
    BENCH_SERVICES.map((service, i) => [service, providers[i]!.getTracer('@bench/http', '0.1.0')]),
  );
  const baseMs = Date.now();
  for (const size of traceSizes(totalSpans, random)) {
    const failed = random() < 0.02;
    const started: Span[] = [];
    TEMPLATE.slice(0, size).forEach((template, i) => {
      const parent = template.parent === undefined ? undefined : started[template.parent];
      const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
      const span = tracers
        .get(template.service)!
        .startSpan(
          template.name,
          { kind: template.kind, attributes: template.attributes, startTime: baseMs + i },
          context,
        );
      if (failed && (i === 0 || i === 4 || i === 5)) {
        span.setAttribute('http.response.status_code', 503);
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'payments unavailable' });
      }
      started.push(span);
    });
    // Children end before their parents, each 1-40 ms long.
    for (let i = started.length - 1; i >= 0; i--) {
      started[i]!.end(baseMs + i + 1 + Math.floor(random() * 40) + (started.length - i) * 2);
    }
  }
  await Promise.all(providers.map((p) => p.forceFlush()));
  const spans = exporter.getFinishedSpans();
  await Promise.all(providers.map((p) => p.shutdown()));
  return spans;
}

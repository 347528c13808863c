import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  type ExportResult,
  ExportResultCode,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * Per-service tracing. Each service gets its own NodeTracerProvider, resource and exporter;
 * nothing is registered as the global tracer provider and no module is patched. The only
 * global is the API's context manager (AsyncLocalStorage), installed once, so a span started
 * in a handler is the parent of the spans its awaited calls start.
 */

export const SERVICE_NAMESPACE = 'patternscope-demo';

/** The W3C trace-context propagator the HTTP kit uses explicitly (no global propagator). */
export const traceContextPropagator = new W3CTraceContextPropagator();

let contextManagerInstalled = false;

/** Installs the AsyncLocalStorage context manager once per process. Idempotent. */
export function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

export interface ServiceTelemetry {
  readonly serviceName: string;
  readonly tracer: Tracer;
  /** Exports every finished span now. Never rejects. */
  flush(): Promise<void>;
  /** Flushes and stops the exporter. Never rejects; gives up after `SHUTDOWN_LIMIT_MS`. */
  shutdown(): Promise<void>;
}

export interface ServiceTelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (spans go to `/v1/traces`). */
  otlpEndpoint: string;
  /** Where delivery problems are reported (once per outage). Defaults to console.warn. */
  warn?: (line: string) => void;
}

const SCHEDULED_DELAY_MS = 200;
const EXPORT_TIMEOUT_MS = 3_000;
const SHUTDOWN_LIMIT_MS = 5_000;

export function createServiceTelemetry(options: ServiceTelemetryOptions): ServiceTelemetry {
  installContextManager();
  const url = `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
  const exporter = new QuietExporter(
    new OTLPTraceExporter({ url, timeoutMillis: EXPORT_TIMEOUT_MS }),
    `${options.serviceName} -> ${url}`,
    options.warn ?? ((line) => console.warn(line)),
  );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      'service.namespace': SERVICE_NAMESPACE,
    }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        scheduledDelayMillis: SCHEDULED_DELAY_MS,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS + 1_000,
      }),
    ],
  });
  let shutdownPromise: Promise<void> | undefined;
  return {
    serviceName: options.serviceName,
    tracer: provider.getTracer(`patternscope-demo/${options.serviceName}`),
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => {
      shutdownPromise ??= withLimit(provider.shutdown(), SHUTDOWN_LIMIT_MS).catch(() => undefined);
      return shutdownPromise;
    },
  };
}

/**
 * Delegates to the OTLP exporter and reports delivery failures once per outage (and once
 * when delivery works again), so a missing collector never floods the log or stops a service.
 * Spans that cannot be delivered are dropped by the batch processor.
 */
export class QuietExporter implements SpanExporter {
  private failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly label: string,
    private readonly warn: (line: string) => void,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      this.inner.export(spans, (result) => {
        this.note(result);
        resultCallback(result);
      });
    } catch (error) {
      const result = { code: ExportResultCode.FAILED, error: asError(error) };
      this.note(result);
      resultCallback(result);
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown().catch(() => undefined);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.().catch(() => undefined) ?? Promise.resolve();
  }

  private note(result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.failing) this.warn(`telemetry: ${this.label}: delivering spans again`);
      this.failing = false;
      return;
    }
    if (this.failing) return;
    this.failing = true;
    const reason = result.error?.message ?? 'unknown error';
    this.warn(`telemetry: ${this.label}: cannot deliver spans (${reason}); dropping them quietly`);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function withLimit(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

import { context, type Meter, type Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { QuietExporter, QuietLogExporter, QuietMetricExporter } from './telemetry-export';

/**
 * Per-service telemetry. Each service gets its own NodeTracerProvider, MeterProvider and
 * LoggerProvider, one resource and OTLP exporters; nothing is registered as a global provider and no module is
 * patched. The only
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
  /** Metrics are read every `METRIC_INTERVAL_MS` and exported to `/v1/metrics`. */
  readonly meter: Meter;
  /**
   * OTLP log records to `/v1/logs`; emit them through `platform/service-log.ts`, which stamps
   * the active span's trace and span ids.
   */
  readonly logger: Logger;
  /** Exports every finished span, log record and the current metrics now. Never rejects. */
  flush(): Promise<void>;
  /** Flushes and stops the exporters. Never rejects; gives up after `SHUTDOWN_LIMIT_MS`. */
  shutdown(): Promise<void>;
}

export interface ServiceTelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (`/v1/traces`, `/v1/metrics`, `/v1/logs`). */
  otlpEndpoint: string;
  /** Where delivery problems are reported (once per outage). Defaults to console.warn. */
  warn?: (line: string) => void;
  /** How often metrics are read and exported; default METRIC_INTERVAL_MS. */
  metricIntervalMs?: number;
}

const SCHEDULED_DELAY_MS = 200;
const EXPORT_TIMEOUT_MS = 3_000;
const SHUTDOWN_LIMIT_MS = 5_000;
/** Short, so a breaker's state reaches the dashboard within a couple of seconds. */
export const METRIC_INTERVAL_MS = 2_000;

export function createServiceTelemetry(options: ServiceTelemetryOptions): ServiceTelemetry {
  installContextManager();
  const base = options.otlpEndpoint.replace(/\/+$/, '');
  const warn = options.warn ?? ((line: string) => console.warn(line));
  const url = `${base}/v1/traces`;
  const exporter = new QuietExporter(
    new OTLPTraceExporter({ url, timeoutMillis: EXPORT_TIMEOUT_MS }),
    `${options.serviceName} -> ${url}`,
    warn,
  );
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName,
    'service.namespace': SERVICE_NAMESPACE,
  });
  const metricsUrl = `${base}/v1/metrics`;
  const interval = options.metricIntervalMs ?? METRIC_INTERVAL_MS;
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new QuietMetricExporter(
          new OTLPMetricExporter({ url: metricsUrl, timeoutMillis: EXPORT_TIMEOUT_MS }),
          `${options.serviceName} -> ${metricsUrl}`,
          warn,
        ),
        exportIntervalMillis: interval,
        exportTimeoutMillis: Math.min(interval, EXPORT_TIMEOUT_MS),
      }),
    ],
  });
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        scheduledDelayMillis: SCHEDULED_DELAY_MS,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS + 1_000,
      }),
    ],
  });
  const logsUrl = `${base}/v1/logs`;
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: new QuietLogExporter(
          new OTLPLogExporter({ url: logsUrl, timeoutMillis: EXPORT_TIMEOUT_MS }),
          `${options.serviceName} -> ${logsUrl}`,
          warn,
        ),
        scheduledDelayMillis: SCHEDULED_DELAY_MS,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS + 1_000,
      }),
    ],
  });
  let shutdownPromise: Promise<void> | undefined;
  return {
    serviceName: options.serviceName,
    tracer: provider.getTracer(`patternscope-demo/${options.serviceName}`),
    meter: meterProvider.getMeter(`patternscope-demo/${options.serviceName}`),
    logger: loggerProvider.getLogger(`patternscope-demo/${options.serviceName}`),
    flush: async () => {
      await Promise.all([
        provider.forceFlush().catch(() => undefined),
        meterProvider.forceFlush().catch(() => undefined),
        loggerProvider.forceFlush().catch(() => undefined),
      ]);
    },
    shutdown: () => {
      shutdownPromise ??= withLimit(
        Promise.all([
          provider.shutdown(),
          meterProvider.shutdown(),
          loggerProvider.shutdown(),
        ]).then(() => undefined),
        SHUTDOWN_LIMIT_MS,
      ).catch(() => undefined);
      return shutdownPromise;
    },
  };
}

/**
 * The telemetry a service runs with: the one it was given (the platform's, shared with its
 * sidecar, which the platform flushes and stops after both closed), or its own. `release`
 * stops only what the service created itself.
 */
export function telemetryFor(
  options: { telemetry?: ServiceTelemetry; otlpEndpoint: string },
  serviceName: string,
): { telemetry: ServiceTelemetry; release(): Promise<void> } {
  if (options.telemetry) {
    if (options.telemetry.serviceName !== serviceName) {
      throw new Error(
        `${serviceName}: given the telemetry of ${options.telemetry.serviceName}; each service reports under its own name`,
      );
    }
    return { telemetry: options.telemetry, release: async () => undefined };
  }
  const telemetry = createServiceTelemetry({ serviceName, otlpEndpoint: options.otlpEndpoint });
  return { telemetry, release: () => telemetry.shutdown() };
}

function withLimit(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

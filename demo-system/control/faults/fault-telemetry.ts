import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { faultAttributes, faultEvents } from '../../../collectors/contracts/conventions';
import { SERVICE_NAMESPACE } from '../../platform/telemetry';
import type { FaultEventSink, FaultView } from './types';

/**
 * Fault starts and ends as OTLP log records named `fault.started` / `fault.ended` (the
 * `event.name` attribute and the record's event name) with fault.id, fault.kind and
 * fault.target, under service.name `control-plane`. Log records make no spans, so the control
 * plane adds no node to the service graph. It also exports the process's own health, which is
 * what a CPU hog and a memory leak change: `process.memory.usage` (bytes, resident set) and
 * `nodejs.eventloop.delay.p50` / `.p99` (seconds), OpenTelemetry semantic-convention names.
 */

export const FAULT_TELEMETRY_SERVICE = 'control-plane';

export interface FaultTelemetry extends FaultEventSink {
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface FaultTelemetryOptions {
  otlpEndpoint: string;
  metricIntervalMs?: number;
}

export function createFaultTelemetry(options: FaultTelemetryOptions): FaultTelemetry {
  const base = options.otlpEndpoint.replace(/\/+$/, '');
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: FAULT_TELEMETRY_SERVICE,
    'service.namespace': SERVICE_NAMESPACE,
  });
  const logs = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${base}/v1/logs`, timeoutMillis: 3_000 }),
        scheduledDelayMillis: 200,
      }),
    ],
  });
  const logger = logs.getLogger('patternscope-demo/faults');
  const interval = options.metricIntervalMs ?? 2_000;
  const meters = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics`, timeoutMillis: 3_000 }),
        exportIntervalMillis: interval,
        exportTimeoutMillis: Math.min(interval, 3_000),
      }),
    ],
  });
  const meter = meters.getMeter('patternscope-demo/faults');
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  meter
    .createObservableGauge('process.memory.usage', {
      unit: 'By',
      description: 'Resident set size of the platform process',
    })
    .addCallback((result) => result.observe(process.memoryUsage().rss));
  const p50 = meter.createObservableGauge('nodejs.eventloop.delay.p50', {
    unit: 's',
    description: 'Event loop delay, median since the last export',
  });
  const p99 = meter.createObservableGauge('nodejs.eventloop.delay.p99', {
    unit: 's',
    description: 'Event loop delay, 99th percentile since the last export',
  });
  meter.addBatchObservableCallback(
    (result) => {
      result.observe(p50, loopDelay.percentile(50) / 1e9);
      result.observe(p99, loopDelay.percentile(99) / 1e9);
      loopDelay.reset();
    },
    [p50, p99],
  );

  const emit = (name: string, fault: FaultView) => {
    logger.emit({
      eventName: name,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: `${name} ${fault.kind} on ${fault.target} (${fault.id})`,
      attributes: {
        'event.name': name,
        [faultAttributes.id]: fault.id,
        [faultAttributes.kind]: fault.kind,
        [faultAttributes.target]: fault.target,
        'fault.ttl_seconds': fault.ttlSeconds,
        ...(fault.endReason ? { 'fault.end_reason': fault.endReason } : {}),
      },
    });
  };
  let shutdown: Promise<void> | undefined;
  return {
    started: (fault) => emit(faultEvents.started, fault),
    ended: (fault) => emit(faultEvents.ended, fault),
    flush: async () => {
      await Promise.all([logs.forceFlush(), meters.forceFlush()]).catch(() => undefined);
    },
    shutdown: () => {
      shutdown ??= (async () => {
        loopDelay.disable();
        await Promise.all([logs.shutdown(), meters.shutdown()]).catch(() => undefined);
      })();
      return shutdown;
    },
  };
}

import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  LoggerProvider,
  type LogRecordExporter,
  type LogRecordProcessor,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';

export const LOG_TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const LOG_SPAN_ID = 'eee19b7ec3c1b174';
export const LOG_TIME: [number, number] = [1_700_000_000, 250_000_000];

/**
 * Emits real SDK log records through `processor`:
 * 1. an event `circuit_breaker.state_change` (LogRecord.event_name) at WARN inside a sampled
 *    span context, with a structured body and attributes;
 * 2. a plain INFO line with a string body and no trace context.
 */
export async function emitSdkLogs(processor: LogRecordProcessor): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'accounts' }),
    processors: [processor],
  });
  const logger = provider.getLogger('patternscope-test', '1.0.0');
  const context = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: LOG_TRACE_ID,
    spanId: LOG_SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
  });
  logger.emit({
    eventName: 'circuit_breaker.state_change',
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    timestamp: LOG_TIME,
    body: { from: 'closed', to: 'open' },
    attributes: { 'circuit_breaker.name': 'payments->ledger', attempts: 3 },
    context,
  });
  logger.emit({
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'transfer accepted',
    attributes: { 'transfer.id': 't-1' },
  });
  await provider.forceFlush();
  await provider.shutdown();
}

/** The ReadableLogRecords of emitSdkLogs(), captured in memory. */
export async function collectSdkLogs(): Promise<ReadableLogRecord[]> {
  const exported: ReadableLogRecord[] = [];
  const exporter: LogRecordExporter = {
    export: (records, done) => {
      exported.push(...records);
      done({ code: 0 });
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  await emitSdkLogs(new SimpleLogRecordProcessor({ exporter }));
  return exported;
}

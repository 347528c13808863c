import type { Logger } from '@opentelemetry/api-logs';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';

/** Test support: a logger whose records stay in memory, for a hand-built ServiceTelemetry. */
export function memoryLogs(name: string): { logger: Logger; records: InMemoryLogRecordExporter } {
  const records = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: records })],
  });
  return { logger: provider.getLogger(name), records };
}

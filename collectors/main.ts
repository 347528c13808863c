import { ConfigError, parseCollectorsConfig } from './config';
import { startCollectors } from './start-collectors';

/** The collectors process: `tsx collectors/main.ts`. */
async function main(): Promise<void> {
  const config = parseCollectorsConfig();
  const collectors = await startCollectors(config);
  console.log(
    `collectors: OTLP/HTTP receiver listening on ${collectors.otlpUrl} (/v1/traces, /v1/metrics, /v1/logs)`,
  );
  console.log(`collectors: query API, live stream and /metrics listening on ${collectors.apiUrl}`);
  if (config.forwardOtlpEndpoint) {
    console.log(`collectors: forwarding every accepted request to ${config.forwardOtlpEndpoint}`);
  }
  if (config.consumerLag) {
    console.log(
      `collectors: Kafka mode, reading consumer-group lag from ${config.consumerLag.brokers.join(', ')} every ${config.consumerLag.intervalMs} ms`,
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    console.log(`collectors: ${signal} received, shutting down`);
    collectors.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('collectors: error during shutdown', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

import { parseCollectorsConfig } from '../../collectors/config';
import { startCollectors } from '../../collectors/start-collectors';
import { processUsage } from './process-usage';
import { emitEvent, serveRpc } from './rpc';
import { createSinkServer } from './sink-server';

/**
 * The process under test. BENCH_SERVER=collectors runs the real collectors (startCollectors
 * with the collectors' own configuration parsing: ports 0, default retention);
 * BENCH_SERVER=sink runs the discard-only baseline. Emits "ready" with the OTLP base URL,
 * then answers "usage" calls; exits when the parent disconnects.
 */
export interface ServerReady {
  otlpUrl: string;
  /** Query API of the collectors; null for the sink. */
  apiUrl: string | null;
}

async function main(): Promise<void> {
  const mode = process.env.BENCH_SERVER;
  const config = parseCollectorsConfig();
  let ready: ServerReady;
  if (mode === 'collectors') {
    const collectors = await startCollectors(config);
    ready = { otlpUrl: collectors.otlpUrl, apiUrl: collectors.apiUrl };
  } else if (mode === 'sink') {
    const sink = createSinkServer(config.maxBodyBytes);
    ready = { otlpUrl: await sink.listen({ host: config.host, port: 0 }), apiUrl: null };
  } else {
    throw new Error(`BENCH_SERVER must be collectors or sink, got ${JSON.stringify(mode)}`);
  }
  serveRpc({ usage: () => processUsage() });
  emitEvent('ready', ready);
}

main().catch((error: unknown) => {
  console.error('bench server:', error);
  process.exit(1);
});

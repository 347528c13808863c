import { createApiServer } from './api/api-server';
import type { CollectorsConfig } from './config';
import { createOtlpReceiver } from './otlp/receiver/otlp-receiver';
import { ServiceGraph } from './processors/service-graph';
import { SpanStore } from './store/span-store';

export interface RunningCollectors {
  /** e.g. http://127.0.0.1:4318 (append /v1/traces to export). */
  otlpUrl: string;
  /** e.g. http://127.0.0.1:4320 */
  apiUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the collectors in this process: the OTLP/HTTP receiver feeds the span store and the
 * service graph; the query API reads them. Port 0 picks free ports (tests, scripts).
 */
export async function startCollectors(config: CollectorsConfig): Promise<RunningCollectors> {
  const store = new SpanStore(config.maxSpans);
  const graph = new ServiceGraph({
    waitMs: config.graphWaitMs,
    maxPending: config.graphMaxPending,
    windowSeconds: config.graphWindowSeconds,
  });
  const receiver = createOtlpReceiver({
    maxBodyBytes: config.maxBodyBytes,
    onTraces: ({ spans }) => {
      store.add(spans);
      graph.consume(spans);
    },
  });
  const api = createApiServer({ store, graph, streamIntervalMs: config.streamIntervalMs });
  // Unmatched halves expire even while nobody reads the graph.
  const expiry = setInterval(() => graph.expire(), 1000);
  expiry.unref();

  const close = async () => {
    clearInterval(expiry);
    await Promise.allSettled([receiver.close(), api.close()]);
  };
  try {
    const otlpUrl = await receiver.listen({ host: config.host, port: config.otlpPort });
    const apiUrl = await api.listen({ host: config.host, port: config.apiPort });
    return { otlpUrl, apiUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}

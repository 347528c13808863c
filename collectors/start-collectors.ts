import { createApiServer } from './api/api-server';
import type { CollectorsConfig } from './config';
import { createOtlpReceiver } from './otlp/receiver/otlp-receiver';
import { type PipelineOptions, TelemetryPipeline } from './pipeline';

export interface RunningCollectors {
  /** e.g. http://127.0.0.1:4318 (append /v1/traces to export). */
  otlpUrl: string;
  /** e.g. http://127.0.0.1:4320 */
  apiUrl: string;
  /** The derived state, for in-process callers (tests, benchmarks). */
  pipeline: TelemetryPipeline;
  close(): Promise<void>;
}

/** The pipeline's retention and windows, as configured. */
export function pipelineOptions(config: CollectorsConfig): PipelineOptions {
  return {
    maxSpans: config.maxSpans,
    graph: {
      waitMs: config.graphWaitMs,
      maxPending: config.graphMaxPending,
      windowSeconds: config.graphWindowSeconds,
    },
    red: { windowSeconds: config.redWindowSeconds, maxSeries: config.redMaxSeries },
    sagas: {
      maxSagas: config.maxSagas,
      maxStepsPerSaga: config.sagaMaxSteps,
      settleMs: config.sagaSettleMs,
    },
    breakers: { maxBreakers: config.maxBreakers, maxTransitions: config.breakerMaxTransitions },
    faults: { maxActive: config.maxActiveFaults, maxHistory: config.faultHistory },
    maxServices: config.maxServices,
  };
}

/**
 * Starts the collectors in this process: the OTLP/HTTP receiver feeds the telemetry pipeline
 * (span store, service graph, RED, sagas, breakers, faults); the query API reads it. Port 0
 * picks free ports (tests, scripts).
 */
export async function startCollectors(config: CollectorsConfig): Promise<RunningCollectors> {
  const pipeline = new TelemetryPipeline(pipelineOptions(config));
  const receiver = createOtlpReceiver({
    maxBodyBytes: config.maxBodyBytes,
    onTraces: ({ spans, rejectedSpans }) => pipeline.ingestSpans(spans, rejectedSpans),
    onLogs: ({ records, rejectedLogRecords }) => pipeline.ingestLogs(records, rejectedLogRecords),
    onMetrics: ({ points, rejectedDataPoints }) =>
      pipeline.ingestMetrics(points, rejectedDataPoints),
  });
  const api = createApiServer({ source: pipeline, streamIntervalMs: config.streamIntervalMs });
  // Unmatched halves expire even while nobody reads the graph.
  const expiry = setInterval(() => pipeline.tick(), 1000);
  expiry.unref();

  const close = async () => {
    clearInterval(expiry);
    await Promise.allSettled([receiver.close(), api.close()]);
  };
  try {
    const otlpUrl = await receiver.listen({ host: config.host, port: config.otlpPort });
    const apiUrl = await api.listen({ host: config.host, port: config.apiPort });
    return { otlpUrl, apiUrl, pipeline, close };
  } catch (error) {
    await close();
    throw error;
  }
}

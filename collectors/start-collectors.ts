import { createApiServer } from './api/api-server';
import type { CollectorsConfig } from './config';
import { OtlpForwarder } from './forward/otlp-forwarder';
import { ConsumerLagPoller } from './kafka/consumer-lag-poller';
import { createOtlpReceiver } from './otlp/receiver/otlp-receiver';
import { type PipelineOptions, TelemetryPipeline } from './pipeline';

export interface RunningCollectors {
  /** e.g. http://127.0.0.1:4318 (append /v1/traces to export). */
  otlpUrl: string;
  /** e.g. http://127.0.0.1:4320 */
  apiUrl: string;
  /** The derived state, for in-process callers (tests, benchmarks). */
  pipeline: TelemetryPipeline;
  /** Forwarding on (COLLECTORS_FORWARD_OTLP_ENDPOINT): the forwarder. */
  forwarder: OtlpForwarder | undefined;
  /** Kafka mode (KAFKA_BROKERS): the consumer-lag poller. */
  consumerLag: ConsumerLagPoller | undefined;
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
    breakerMetrics: { windowSeconds: config.patternWindowSeconds },
    faults: { maxActive: config.maxActiveFaults, maxHistory: config.faultHistory },
    cqrs: {
      maxProjections: config.maxProjections,
      maxHistory: config.projectionHistory,
      windowSeconds: config.patternWindowSeconds,
    },
    maxLogs: config.maxLogs,
    metrics: { maxSeries: config.maxMetricSeries, maxPointsPerSeries: config.maxPointsPerSeries },
    maxServices: config.maxServices,
  };
}

/**
 * Starts the collectors in this process: the OTLP/HTTP receiver feeds the telemetry pipeline
 * (span, log and metric stores; service graph, RED, sagas, breakers, faults, CQRS) and, when
 * configured, the forwarder; in Kafka mode the consumer-lag poller reads the broker. The query
 * API reads all of them. Port 0 picks free ports (tests, scripts). close() stops everything.
 */
export async function startCollectors(config: CollectorsConfig): Promise<RunningCollectors> {
  const pipeline = new TelemetryPipeline(pipelineOptions(config));
  const forwarder = config.forwardOtlpEndpoint
    ? new OtlpForwarder({
        endpoint: config.forwardOtlpEndpoint,
        maxQueueBytes: config.forwardMaxQueueBytes,
      })
    : undefined;
  const consumerLag = config.consumerLag
    ? new ConsumerLagPoller({
        brokers: config.consumerLag.brokers,
        groups: config.consumerLag.groups,
        intervalMs: config.consumerLag.intervalMs,
      })
    : undefined;
  const receiver = createOtlpReceiver({
    maxBodyBytes: config.maxBodyBytes,
    maxInFlightBytes: config.maxInFlightBytes,
    onTraces: ({ spans, rejectedSpans }) => pipeline.ingestSpans(spans, rejectedSpans),
    onLogs: ({ records, rejectedLogRecords }) => pipeline.ingestLogs(records, rejectedLogRecords),
    onMetrics: ({ points, rejectedDataPoints }) =>
      pipeline.ingestMetrics(points, rejectedDataPoints),
    onAccepted: forwarder && ((request) => forwarder.enqueue(request)),
  });
  const api = createApiServer({
    source: pipeline,
    streamIntervalMs: config.streamIntervalMs,
    consumerLag,
    forwarder,
  });
  // Unmatched halves expire even while nobody reads the graph.
  const expiry = setInterval(() => pipeline.tick(), 1000);
  expiry.unref();

  const close = async () => {
    clearInterval(expiry);
    await Promise.allSettled([
      receiver.close(),
      api.close(),
      forwarder?.close(),
      consumerLag?.stop(),
    ]);
  };
  try {
    const otlpUrl = await receiver.listen({ host: config.host, port: config.otlpPort });
    const apiUrl = await api.listen({ host: config.host, port: config.apiPort });
    consumerLag?.start();
    return { otlpUrl, apiUrl, pipeline, forwarder, consumerLag, close };
  } catch (error) {
    await close();
    throw error;
  }
}

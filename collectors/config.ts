import { z } from 'zod';
import { ConfigError } from './config-error';
import { type ConsumerLagConfig, parseConsumerLagConfig } from './kafka/lag-config';

export { ConfigError };

const MiB = 1024 * 1024;

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();

/** Environment variables of the collectors process, with their defaults. */
const CollectorsEnv = z.object({
  COLLECTORS_HOST: z.string().min(1).default('127.0.0.1'),
  COLLECTORS_OTLP_PORT: port.default(4318),
  COLLECTORS_API_PORT: port.default(4320),
  /** Limit of an OTLP request body, both as received and after gzip decompression. */
  COLLECTORS_MAX_BODY_BYTES: positiveInt.default(20 * MiB),
  /** Spans kept in memory; the oldest traces are evicted beyond it. */
  COLLECTORS_MAX_SPANS: positiveInt.default(200_000),
  COLLECTORS_GRAPH_WINDOW_SECONDS: positiveInt.default(60),
  /** How long an unmatched client/server span waits for its partner. */
  COLLECTORS_GRAPH_WAIT_MS: positiveInt.default(10_000),
  COLLECTORS_GRAPH_MAX_PENDING: positiveInt.default(10_000),
  /** Interval of `graph` messages on the live stream (at most 1 s). */
  COLLECTORS_STREAM_INTERVAL_MS: positiveInt.max(1000).default(500),
  /** Rolling window of the RED metrics (rates, error ratios, latency percentiles). */
  COLLECTORS_RED_WINDOW_SECONDS: positiveInt.max(3600).default(60),
  /** RED series (per service and per operation together); least recently updated evicted. */
  COLLECTORS_RED_MAX_SERIES: positiveInt.default(2000),
  /** Saga timelines kept; least recently updated evicted first. */
  COLLECTORS_MAX_SAGAS: positiveInt.default(500),
  /** Steps kept per saga; earliest dropped first. */
  COLLECTORS_SAGA_MAX_STEPS: positiveInt.default(200),
  /** A saga without reported status counts as settled after this long without a new step. */
  COLLECTORS_SAGA_SETTLE_MS: positiveInt.default(30_000),
  COLLECTORS_MAX_BREAKERS: positiveInt.default(200),
  /** State transitions kept per circuit breaker; oldest dropped first. */
  COLLECTORS_BREAKER_MAX_TRANSITIONS: positiveInt.default(50),
  COLLECTORS_MAX_ACTIVE_FAULTS: positiveInt.default(100),
  /** Ended faults kept; oldest end dropped first. */
  COLLECTORS_FAULT_HISTORY: positiveInt.default(200),
  /** Services listed by /api/v1/services; least recently seen evicted first. */
  COLLECTORS_MAX_SERVICES: positiveInt.default(1000),
  /** Metric series kept (service, name, attributes); least recently updated evicted first. */
  COLLECTORS_MAX_METRIC_SERIES: positiveInt.default(2000),
  /** Points kept per metric series; oldest dropped first. */
  COLLECTORS_MAX_POINTS_PER_SERIES: positiveInt.default(60),
  /** Log records kept; oldest evicted first. */
  COLLECTORS_MAX_LOGS: positiveInt.default(50_000),
  /** Bytes of OTLP request bodies held at once; beyond it the receiver answers 503 + Retry-After. */
  COLLECTORS_MAX_IN_FLIGHT_BYTES: positiveInt.default(64 * MiB),
  /** Base URL of another OTLP/HTTP backend that gets a copy of every accepted request; unset: off. */
  COLLECTORS_FORWARD_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:4318' })
    .optional(),
  /** Bytes of requests waiting to be forwarded; beyond it the oldest are dropped. */
  COLLECTORS_FORWARD_MAX_QUEUE_BYTES: positiveInt.default(32 * MiB),
  /** CQRS projections tracked; least recently updated evicted first. */
  COLLECTORS_MAX_PROJECTIONS: positiveInt.default(200),
  /** Lag samples kept per projection (for charts); oldest dropped first. */
  COLLECTORS_PROJECTION_HISTORY: positiveInt.max(10_000).default(120),
  /** Window of projection throughput, breaker calls / error % and resilience counts. */
  COLLECTORS_PATTERN_WINDOW_SECONDS: positiveInt.max(3600).default(60),
});

export interface CollectorsConfig {
  host: string;
  otlpPort: number;
  apiPort: number;
  maxBodyBytes: number;
  maxSpans: number;
  graphWindowSeconds: number;
  graphWaitMs: number;
  graphMaxPending: number;
  streamIntervalMs: number;
  redWindowSeconds: number;
  redMaxSeries: number;
  maxSagas: number;
  sagaMaxSteps: number;
  sagaSettleMs: number;
  maxBreakers: number;
  breakerMaxTransitions: number;
  maxActiveFaults: number;
  faultHistory: number;
  maxServices: number;
  maxMetricSeries: number;
  maxPointsPerSeries: number;
  maxLogs: number;
  maxInFlightBytes: number;
  /** undefined: forwarding is off. */
  forwardOtlpEndpoint: string | undefined;
  forwardMaxQueueBytes: number;
  maxProjections: number;
  projectionHistory: number;
  patternWindowSeconds: number;
  /** Kafka mode (KAFKA_BROKERS set): the consumer-lag poller's settings; undefined otherwise. */
  consumerLag: ConsumerLagConfig | undefined;
}

/** Parses the collectors' environment once at start-up; throws ConfigError naming every bad variable. */
export function parseCollectorsConfig(
  env: Record<string, string | undefined> = process.env,
): CollectorsConfig {
  // An empty variable means "not set", not 0.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = CollectorsEnv.safeParse(set);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) =>
          `  ${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`,
      );
  let consumerLag: ConsumerLagConfig | undefined;
  try {
    consumerLag = parseConsumerLagConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.message.split('\n').slice(1));
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`invalid collectors configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.COLLECTORS_HOST,
    otlpPort: e.COLLECTORS_OTLP_PORT,
    apiPort: e.COLLECTORS_API_PORT,
    maxBodyBytes: e.COLLECTORS_MAX_BODY_BYTES,
    maxSpans: e.COLLECTORS_MAX_SPANS,
    graphWindowSeconds: e.COLLECTORS_GRAPH_WINDOW_SECONDS,
    graphWaitMs: e.COLLECTORS_GRAPH_WAIT_MS,
    graphMaxPending: e.COLLECTORS_GRAPH_MAX_PENDING,
    streamIntervalMs: e.COLLECTORS_STREAM_INTERVAL_MS,
    redWindowSeconds: e.COLLECTORS_RED_WINDOW_SECONDS,
    redMaxSeries: e.COLLECTORS_RED_MAX_SERIES,
    maxSagas: e.COLLECTORS_MAX_SAGAS,
    sagaMaxSteps: e.COLLECTORS_SAGA_MAX_STEPS,
    sagaSettleMs: e.COLLECTORS_SAGA_SETTLE_MS,
    maxBreakers: e.COLLECTORS_MAX_BREAKERS,
    breakerMaxTransitions: e.COLLECTORS_BREAKER_MAX_TRANSITIONS,
    maxActiveFaults: e.COLLECTORS_MAX_ACTIVE_FAULTS,
    faultHistory: e.COLLECTORS_FAULT_HISTORY,
    maxServices: e.COLLECTORS_MAX_SERVICES,
    maxMetricSeries: e.COLLECTORS_MAX_METRIC_SERIES,
    maxPointsPerSeries: e.COLLECTORS_MAX_POINTS_PER_SERIES,
    maxLogs: e.COLLECTORS_MAX_LOGS,
    maxInFlightBytes: e.COLLECTORS_MAX_IN_FLIGHT_BYTES,
    forwardOtlpEndpoint: e.COLLECTORS_FORWARD_OTLP_ENDPOINT,
    forwardMaxQueueBytes: e.COLLECTORS_FORWARD_MAX_QUEUE_BYTES,
    maxProjections: e.COLLECTORS_MAX_PROJECTIONS,
    projectionHistory: e.COLLECTORS_PROJECTION_HISTORY,
    patternWindowSeconds: e.COLLECTORS_PATTERN_WINDOW_SECONDS,
    consumerLag,
  };
}

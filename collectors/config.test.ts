import { describe, expect, it } from 'vitest';
import { ConfigError, parseCollectorsConfig } from './config';

describe('parseCollectorsConfig', () => {
  it('applies the documented defaults', () => {
    expect(parseCollectorsConfig({})).toEqual({
      host: '127.0.0.1',
      otlpPort: 4318,
      apiPort: 4320,
      maxBodyBytes: 20 * 1024 * 1024,
      maxSpans: 200_000,
      graphWindowSeconds: 60,
      graphWaitMs: 10_000,
      graphMaxPending: 10_000,
      streamIntervalMs: 500,
      redWindowSeconds: 60,
      redMaxSeries: 2000,
      maxSagas: 500,
      sagaMaxSteps: 200,
      sagaSettleMs: 30_000,
      maxBreakers: 200,
      breakerMaxTransitions: 50,
      maxActiveFaults: 100,
      faultHistory: 200,
      maxServices: 1000,
      maxMetricSeries: 2000,
      maxPointsPerSeries: 60,
      maxLogs: 50_000,
      maxInFlightBytes: 64 * 1024 * 1024,
      forwardOtlpEndpoint: undefined,
      forwardMaxQueueBytes: 32 * 1024 * 1024,
      maxProjections: 200,
      projectionHistory: 120,
      patternWindowSeconds: 60,
      consumerLag: undefined,
    });
  });

  it('turns on forwarding and Kafka mode when their variables are set', () => {
    const config = parseCollectorsConfig({
      COLLECTORS_FORWARD_OTLP_ENDPOINT: 'http://otel-collector:4318',
      KAFKA_BROKERS: '127.0.0.1:9092',
      COLLECTORS_LAG_GROUPS: 'ledger',
    });
    expect(config.forwardOtlpEndpoint).toBe('http://otel-collector:4318');
    expect(config.consumerLag).toEqual({
      brokers: ['127.0.0.1:9092'],
      groups: ['ledger'],
      intervalMs: 5000,
    });
  });

  it('reads the variables and treats an empty one as unset', () => {
    const config = parseCollectorsConfig({
      COLLECTORS_OTLP_PORT: '0',
      COLLECTORS_API_PORT: '',
      COLLECTORS_MAX_BODY_BYTES: '1024',
      COLLECTORS_MAX_SPANS: '10',
      COLLECTORS_RED_WINDOW_SECONDS: '30',
      COLLECTORS_SAGA_SETTLE_MS: '500',
    });
    expect(config).toMatchObject({
      otlpPort: 0,
      apiPort: 4320,
      maxBodyBytes: 1024,
      maxSpans: 10,
      redWindowSeconds: 30,
      sagaSettleMs: 500,
    });
  });

  it('fails fast naming every bad variable', () => {
    const parse = () =>
      parseCollectorsConfig({
        COLLECTORS_OTLP_PORT: 'http',
        COLLECTORS_STREAM_INTERVAL_MS: '5000',
        COLLECTORS_MAX_SAGAS: '0',
        COLLECTORS_FORWARD_OTLP_ENDPOINT: 'otel-collector:4318',
        KAFKA_BROKERS: 'kafka',
      });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(
      /COLLECTORS_FORWARD_OTLP_ENDPOINT="otel-collector:4318": must be an http/,
    );
    expect(parse).toThrow(/KAFKA_BROKERS="kafka": expected host:port/);
    expect(parse).toThrow(/COLLECTORS_OTLP_PORT="http"/);
    expect(parse).toThrow(/COLLECTORS_STREAM_INTERVAL_MS="5000"/);
    expect(parse).toThrow(/COLLECTORS_MAX_SAGAS="0"/);
  });
});

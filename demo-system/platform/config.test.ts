import { describe, expect, it } from 'vitest';
import { ConfigError, parseDemoConfig } from './config';

describe('parseDemoConfig', () => {
  it('falls back to the documented defaults (empty counts as unset)', () => {
    expect(parseDemoConfig({ GATEWAY_PORT: '' })).toEqual({
      host: '127.0.0.1',
      gatewayPort: 8080,
      controlPort: 7070,
      otlpEndpoint: 'http://127.0.0.1:4318',
      trafficRate: 5,
      trafficSeed: 42,
      dataDir: '.data',
    });
  });

  it('reads every variable and strips a trailing slash from the endpoint', () => {
    const config = parseDemoConfig({
      GATEWAY_PORT: '0',
      CONTROL_PORT: '7071',
      DEMO_HOST: '0.0.0.0',
      MESH_HOST: '10.0.0.5',
      CONTROL_TOKEN: 'a-control-token-of-some-length',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      TRAFFIC_RATE: '0.5',
      TRAFFIC_SEED: '7',
      DEMO_DATA_DIR: '/var/lib/patternscope',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(config).toMatchObject({
      gatewayPort: 0,
      controlPort: 7071,
      host: '0.0.0.0',
      meshHost: '10.0.0.5',
      controlToken: 'a-control-token-of-some-length',
      otlpEndpoint: 'http://collector:4318',
      trafficRate: 0.5,
      trafficSeed: 7,
      dataDir: '/var/lib/patternscope',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
    });
  });

  it('fails fast naming each bad variable', () => {
    const attempt = () =>
      parseDemoConfig({
        GATEWAY_PORT: '70000',
        TRAFFIC_RATE: 'lots',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'x',
        DATABASE_URL: 'mysql://root@localhost/db',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/GATEWAY_PORT/);
    expect(attempt).toThrow(/TRAFFIC_RATE/);
    expect(attempt).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('reads KAFKA_BROKERS as a list of host:port and rejects anything else', () => {
    expect(parseDemoConfig({ KAFKA_BROKERS: ' 127.0.0.1:9092, kafka-2:19092 ,' })).toMatchObject({
      kafkaBrokers: ['127.0.0.1:9092', 'kafka-2:19092'],
    });
    expect(parseDemoConfig({ KAFKA_BROKERS: '' }).kafkaBrokers).toBeUndefined();
    expect(() => parseDemoConfig({ KAFKA_BROKERS: 'kafka' })).toThrow(
      /KAFKA_BROKERS: must be comma-separated host:port .*not host:port: kafka/,
    );
    expect(() => parseDemoConfig({ KAFKA_BROKERS: '127.0.0.1:9092,h:99999' })).toThrow(
      /not host:port: h:99999/,
    );
    expect(() => parseDemoConfig({ KAFKA_BROKERS: ' , ' })).toThrow(/KAFKA_BROKERS/);
    expect(parseDemoConfig({ KAFKA_NAMESPACE: 'run-7' }).kafkaNamespace).toBe('run-7');
    expect(() => parseDemoConfig({ KAFKA_NAMESPACE: 'a.b' })).toThrow(/KAFKA_NAMESPACE/);
  });

  it('requires CONTROL_TOKEN when the control plane binds beyond loopback', () => {
    expect(() => parseDemoConfig({ DEMO_HOST: '0.0.0.0' })).toThrow(/CONTROL_TOKEN: required/);
    expect(() => parseDemoConfig({ CONTROL_HOST: '192.168.1.10' })).toThrow(ConfigError);
    expect(() => parseDemoConfig({ CONTROL_HOST: '::', CONTROL_TOKEN: 'short' })).toThrow(
      /CONTROL_TOKEN: must be at least 16/,
    );
    // The gateway may be public while the control plane stays on loopback, without a token.
    expect(parseDemoConfig({ DEMO_HOST: '0.0.0.0', CONTROL_HOST: '127.0.0.1' })).toMatchObject({
      host: '0.0.0.0',
      controlHost: '127.0.0.1',
    });
    expect(parseDemoConfig({ CONTROL_HOST: 'localhost' }).controlToken).toBeUndefined();
  });
});

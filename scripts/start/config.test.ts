import { describe, expect, it } from 'vitest';
import { planLaunch } from './config';

describe('planLaunch', () => {
  it('derives every URL from the default ports', () => {
    const plan = planLaunch({});
    expect(plan.uiUrl).toBe('http://127.0.0.1:3000');
    expect(plan.readiness).toEqual({
      collectors: 'http://127.0.0.1:4320/health',
      demo: 'http://127.0.0.1:7070/health',
      ui: 'http://127.0.0.1:3000/api/health',
    });
    expect(plan.childEnv.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4318');
  });

  it('follows changed ports and dials loopback for a wildcard bind', () => {
    const plan = planLaunch({ UI_HOST: '0.0.0.0', UI_PORT: '3100', COLLECTORS_OTLP_PORT: '4418' });
    expect(plan.uiUrl).toBe('http://127.0.0.1:3100');
    expect(plan.childEnv.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4418');
  });

  it('keeps URLs the user set', () => {
    const plan = planLaunch({ CONTROL_API_URL: 'http://10.0.0.5:7070' });
    expect(plan.readiness.demo).toBe('http://10.0.0.5:7070/health');
    expect(plan.childEnv.CONTROL_API_URL).toBe('http://10.0.0.5:7070');
  });

  it('fails with the variable name on invalid input', () => {
    expect(() => planLaunch({ UI_PORT: 'eighty' })).toThrow(/UI_PORT/);
    expect(() => planLaunch({ GATEWAY_PORT: '70000' })).toThrow(/GATEWAY_PORT/);
  });
});

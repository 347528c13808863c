import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { quietLogCreator } from './kafka-logging';

describe('quietLogCreator', () => {
  it('writes WARN and ERROR as one line without stacks, and suppresses repeats', () => {
    const lines: string[] = [];
    let now = 0;
    const write = quietLogCreator('svc', (l) => lines.push(l), {
      quietMs: 1_000,
      clock: () => now,
    })(logLevel.WARN);
    const entry = (level: logLevel, message: string, extra: object = {}) =>
      write({
        namespace: 'Consumer',
        level,
        label: 'x',
        log: { timestamp: '', logger: 'kafkajs', message, ...extra },
      });
    const error = new Error('Connection refused');
    entry(logLevel.ERROR, 'Crash', { error, stack: error.stack });
    entry(logLevel.ERROR, 'Crash', { error, stack: error.stack });
    entry(logLevel.INFO, 'Starting');
    entry(logLevel.DEBUG, 'Fetching');
    entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS');
    now = 1_500;
    entry(logLevel.ERROR, 'Crash', { error: 'Connection refused' });
    expect(lines).toEqual([
      'kafka svc: error [Consumer] Crash: Connection refused',
      'kafka svc: error [Consumer] Crash: Connection refused (1 more like it suppressed)',
    ]);
  });
});

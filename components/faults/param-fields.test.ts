import { describe, expect, it } from 'vitest';
import { formatCountdown, remainingSeconds } from './control-api';
import { fieldLabel, paramFields, paramValues } from './param-fields';

const schema = {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: ['outage', 'slow'], default: 'outage' },
    delayMs: { type: 'integer', minimum: 0, maximum: 30000, default: 500 },
    failureRate: { type: 'number', minimum: 0, maximum: 1 },
    sticky: { type: 'boolean', default: false },
    note: { type: 'object' },
  },
};

describe('paramFields', () => {
  it('reads enums, integers, numbers and booleans with bounds and defaults', () => {
    expect(paramFields(schema)).toEqual([
      { name: 'mode', type: 'enum', options: ['outage', 'slow'], defaultValue: 'outage' },
      { name: 'delayMs', type: 'integer', min: 0, max: 30000, defaultValue: 500 },
      { name: 'failureRate', type: 'number', min: 0, max: 1 },
      { name: 'sticky', type: 'boolean', defaultValue: false },
    ]);
    expect(paramFields(null)).toEqual([]);
    expect(paramFields({ type: 'object' })).toEqual([]);
  });

  it('turns form text into typed params and leaves empty fields to the defaults', () => {
    const fields = paramFields(schema);
    expect(
      paramValues(fields, { mode: 'slow', delayMs: '250', failureRate: '', sticky: 'true' }),
    ).toEqual({ mode: 'slow', delayMs: 250, sticky: true });
  });

  it('labels camelCase names and formats countdowns', () => {
    expect(fieldLabel('restartAfterSeconds')).toBe('restart after seconds');
    expect(formatCountdown(75)).toBe('1:15');
    expect(formatCountdown(-3)).toBe('0:00');
    const fault = { expiresAt: new Date(10_000).toISOString() } as Parameters<
      typeof remainingSeconds
    >[0];
    expect(remainingSeconds(fault, 8_500)).toBe(2);
    expect(remainingSeconds(fault, 12_000)).toBe(0);
  });
});

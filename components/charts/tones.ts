/** Tones map to the theme's semantic colours; every tone is paired with a text label. */
export type Tone = 'accent' | 'healthy' | 'warn' | 'critical' | 'muted';

export const TONE_TEXT: Record<Tone, string> = {
  accent: 'text-accent',
  healthy: 'text-healthy',
  warn: 'text-warn',
  critical: 'text-critical',
  muted: 'text-muted',
};

export const TONE_BADGE: Record<Tone, string> = {
  accent: 'border-accent/40 bg-accent/10 text-accent',
  healthy: 'border-healthy/40 bg-healthy/10 text-healthy',
  warn: 'border-warn/40 bg-warn/10 text-warn',
  critical: 'border-critical/40 bg-critical/10 text-critical',
  muted: 'border-line bg-raised text-muted',
};

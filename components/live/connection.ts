/**
 * What the live-connection indicator shows.
 * - connecting: first attempt in progress
 * - live: the stream is open
 * - reconnecting: the stream failed; retrying soon
 * - offline: several attempts in a row failed; still retrying, less often
 * - paused: the tab is hidden, so the stream is closed until it is visible again
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'paused';

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  paused: 'Paused',
};

/** Consecutive failures after which the stream counts as offline rather than reconnecting. */
export const OFFLINE_AFTER_FAILURES = 3;

export function stateAfterFailure(consecutiveFailures: number): ConnectionState {
  return consecutiveFailures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'reconnecting';
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/**
 * Exponential backoff with "equal jitter": half the capped delay, plus a random half, so many
 * dashboards do not reconnect in lockstep after a collector restart.
 * `random` returns a number in [0, 1).
 */
export function reconnectDelayMs(consecutiveFailures: number, random: () => number): number {
  const exponent = Math.max(0, consecutiveFailures - 1);
  const capped = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** exponent);
  return Math.round(capped / 2 + (random() * capped) / 2);
}

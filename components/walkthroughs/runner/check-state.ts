import type { Check } from '../model/types';

/**
 * The state machine of one check, pure: pending until it passes, or until its timeout ends
 * (then failed, with the hint). A restart (an action ran, or "check again") gives a failed or
 * pending check a fresh timeout; a passed check stays passed.
 */
export type CheckStatus = 'pending' | 'passed' | 'failed';

export interface CheckState {
  status: CheckStatus;
  /** When the current attempt began (Unix ms). */
  startedAt: number;
  observed: string;
}

export function initialCheckState(now: number): CheckState {
  return { status: 'pending', startedAt: now, observed: 'waiting for the first reading…' };
}

export function restartCheck(state: CheckState, now: number): CheckState {
  if (state.status === 'passed') return state;
  return { status: 'pending', startedAt: now, observed: state.observed };
}

/** Applies one reading (or a failed read) to a pending check. */
export function applyReading(
  state: CheckState,
  check: Check,
  reading: { passed: boolean; observed: string },
  now: number,
): CheckState {
  if (state.status !== 'pending') return state;
  if (reading.passed) return { ...state, status: 'passed', observed: reading.observed };
  if (now - state.startedAt >= check.timeoutMs)
    return { ...state, status: 'failed', observed: reading.observed };
  return { ...state, observed: reading.observed };
}

/** A pending check whose timeout ended without any reading fails too. */
export function expire(state: CheckState, check: Check, now: number): CheckState {
  if (state.status === 'pending' && now - state.startedAt >= check.timeoutMs)
    return { ...state, status: 'failed' };
  return state;
}

export function secondsLeft(state: CheckState, check: Check, now: number): number {
  return Math.max(0, Math.ceil((state.startedAt + check.timeoutMs - now) / 1000));
}

import { z } from 'zod';

/**
 * Fault windows, from `fault.started` / `fault.ended` events, so every view can mark when a
 * fault was active.
 */
export const FaultWindow = z.object({
  id: z.string(),
  kind: z.string(),
  target: z.string(),
  /** The service that reported the fault (the emitter of the event). */
  service: z.string(),
  /** null when only the end was seen (the collector started while the fault was active). */
  startedAtUnixMs: z.number().nullable(),
  /** null while the fault is active. */
  endedAtUnixMs: z.number().nullable(),
});
export type FaultWindow = z.infer<typeof FaultWindow>;

export const FaultsSnapshot = z.object({
  /** Oldest first. */
  active: z.array(FaultWindow),
  /** Ended faults, newest end first; the oldest are dropped beyond the history cap. */
  history: z.array(FaultWindow),
});
export type FaultsSnapshot = z.infer<typeof FaultsSnapshot>;

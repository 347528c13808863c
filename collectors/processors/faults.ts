import { faultAttributes, faultEvents } from '../contracts/conventions';
import type { TelemetryEvent } from '../contracts/events';
import type { FaultsSnapshot, FaultWindow } from '../contracts/faults';
import { stringAttribute } from './telemetry-events';

/**
 * Fault windows from `fault.started` / `fault.ended` events, keyed by `fault.id` (kind and
 * target when the id is missing). Handles the orders events really arrive in: a repeated start
 * and a repeated end are ignored, an end without a start becomes a window with an unknown start, and a start that
 * arrives after its own end fills that window in. Caps: `maxActive` (oldest start evicted
 * first) and `maxHistory` ended windows (oldest end dropped first).
 */

export interface FaultTrackerOptions {
  maxActive?: number;
  maxHistory?: number;
}

export class FaultTracker {
  readonly maxActive: number;
  readonly maxHistory: number;
  private readonly activeById = new Map<string, FaultWindow>();
  /** Ended windows, in order of their end. */
  private readonly ended: FaultWindow[] = [];

  constructor(options: FaultTrackerOptions = {}) {
    this.maxActive = Math.max(1, options.maxActive ?? 100);
    this.maxHistory = Math.max(1, options.maxHistory ?? 200);
  }

  /** Applies a fault event; false (ignored) for other events and faults without id or kind. */
  recordEvent(event: TelemetryEvent): boolean {
    const isStart = event.name === faultEvents.started;
    if (!isStart && event.name !== faultEvents.ended) return false;
    const kind = stringAttribute(event.attributes, faultAttributes.kind);
    const target = stringAttribute(event.attributes, faultAttributes.target);
    const id =
      stringAttribute(event.attributes, faultAttributes.id) || (kind ? `${kind}:${target}` : '');
    if (id === '') return false;
    if (isStart) this.start(id, kind, target, event);
    else this.end(id, kind, target, event);
    return true;
  }

  /** Active faults, oldest start first. */
  active(): FaultWindow[] {
    return [...this.activeById.values()]
      .sort((a, b) => (a.startedAtUnixMs ?? 0) - (b.startedAtUnixMs ?? 0))
      .map((w) => ({ ...w }));
  }

  /** Ended faults, newest end first. */
  history(): FaultWindow[] {
    return this.ended
      .slice()
      .reverse()
      .map((w) => ({ ...w }));
  }

  snapshot(): FaultsSnapshot {
    return { active: this.active(), history: this.history() };
  }

  /**
   * Windows that overlap [fromUnixMs, toUnixMs] (active ones reach to now; an unknown start
   * reaches back indefinitely), oldest start first: what a chart over that range shades.
   */
  windowsBetween(fromUnixMs: number, toUnixMs: number): FaultWindow[] {
    return [...this.ended, ...this.activeById.values()]
      .filter(
        (w) =>
          (w.startedAtUnixMs ?? Number.NEGATIVE_INFINITY) <= toUnixMs &&
          (w.endedAtUnixMs ?? Number.POSITIVE_INFINITY) >= fromUnixMs,
      )
      .sort(
        (a, b) =>
          (a.startedAtUnixMs ?? Number.NEGATIVE_INFINITY) -
          (b.startedAtUnixMs ?? Number.NEGATIVE_INFINITY),
      )
      .map((w) => ({ ...w }));
  }

  private start(id: string, kind: string, target: string, event: TelemetryEvent): void {
    if (this.activeById.has(id)) return; // started twice: keep the first
    // A start that arrives after its own end completes that window.
    const orphanEnd = this.ended.findLast(
      (w) =>
        w.id === id && w.startedAtUnixMs === null && (w.endedAtUnixMs ?? 0) >= event.timeUnixMs,
    );
    if (orphanEnd) {
      orphanEnd.startedAtUnixMs = event.timeUnixMs;
      orphanEnd.kind ||= kind;
      orphanEnd.target ||= target;
      return;
    }
    while (this.activeById.size >= this.maxActive) {
      let oldest: FaultWindow | undefined;
      for (const w of this.activeById.values()) {
        if (!oldest || (w.startedAtUnixMs ?? 0) < (oldest.startedAtUnixMs ?? 0)) oldest = w;
      }
      this.activeById.delete(oldest!.id);
    }
    this.activeById.set(id, {
      id,
      kind,
      target,
      service: event.service,
      startedAtUnixMs: event.timeUnixMs,
      endedAtUnixMs: null,
    });
  }

  private end(id: string, kind: string, target: string, event: TelemetryEvent): void {
    const window = this.activeById.get(id);
    if (!window && this.ended.some((w) => w.id === id && w.endedAtUnixMs === event.timeUnixMs)) {
      return; // the same end delivered twice
    }
    if (window) this.activeById.delete(id);
    const ended: FaultWindow = window
      ? { ...window, kind: window.kind || kind, target: window.target || target }
      : { id, kind, target, service: event.service, startedAtUnixMs: null, endedAtUnixMs: null };
    ended.endedAtUnixMs = Math.max(event.timeUnixMs, ended.startedAtUnixMs ?? event.timeUnixMs);
    let at = this.ended.length;
    while (at > 0 && (this.ended[at - 1]!.endedAtUnixMs ?? 0) > ended.endedAtUnixMs) at--;
    this.ended.splice(at, 0, ended);
    if (this.ended.length > this.maxHistory) this.ended.shift();
  }
}

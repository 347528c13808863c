import type {
  BreakerCounters,
  BreakerState,
  BreakerTransition,
  BreakerView,
} from '../contracts/breakers';
import { breakerAttributes, breakerEvents } from '../contracts/conventions';
import type { TelemetryEvent } from '../contracts/events';
import { stringAttribute } from './telemetry-events';

/**
 * Circuit breakers, one per (emitting service, circuit_breaker.name; the peer when the name is
 * missing). State-change events build the transition history, kept in time order even when
 * events arrive out of order; the current state is the `to` of the latest. Metrics (a state
 * gauge, call and rejection counters) can update the same breakers through `recordCounters`.
 * Caps: `maxBreakers` (least recently updated evicted first), `maxTransitions` per breaker
 * (oldest dropped first).
 */

export interface BreakerTrackerOptions {
  maxBreakers?: number;
  maxTransitions?: number;
}

/** What breaker metrics say about one breaker at one time; absent fields are left as they were. */
export interface BreakerCountersUpdate {
  service: string;
  name: string;
  peer?: string;
  timeUnixMs: number;
  /** From the state gauge; used only while no state-change event has been seen. */
  state?: BreakerState;
  calls?: number;
  rejections?: number;
  /** 0..100 */
  errorPercent?: number;
}

interface BreakerEntry {
  service: string;
  name: string;
  peer: string;
  /** State from metrics, until an event says otherwise. */
  gaugeState: BreakerState | null;
  transitions: BreakerTransition[];
  counters: BreakerCounters | null;
}

/** Normalises closed / OPEN / half-open / halfOpen / half_open; null for anything else. */
export function parseBreakerState(value: string): BreakerState | null {
  const v = value.trim().toLowerCase().replace(/[-\s]/g, '_');
  if (v === 'closed' || v === 'open' || v === 'half_open') return v;
  return v === 'halfopen' ? 'half_open' : null;
}

export class BreakerTracker {
  readonly maxBreakers: number;
  readonly maxTransitions: number;
  /** Insertion order is recency order: an updated breaker moves to the end. */
  private readonly breakers = new Map<string, BreakerEntry>();

  constructor(options: BreakerTrackerOptions = {}) {
    this.maxBreakers = Math.max(1, options.maxBreakers ?? 200);
    this.maxTransitions = Math.max(1, options.maxTransitions ?? 50);
  }

  get size(): number {
    return this.breakers.size;
  }

  /**
   * Applies a `circuit_breaker.state_change` event; false (ignored) for other events and for
   * events without a breaker name or peer, or without a recognisable `to` state.
   */
  recordEvent(event: TelemetryEvent): boolean {
    if (event.name !== breakerEvents.stateChange) return false;
    const peer = stringAttribute(event.attributes, breakerAttributes.peer);
    const name = stringAttribute(event.attributes, breakerAttributes.name) || peer;
    const to = parseBreakerState(stringAttribute(event.attributes, breakerAttributes.to));
    if (name === '' || to === null) return false;
    const from = parseBreakerState(stringAttribute(event.attributes, breakerAttributes.from));
    const entry = this.touch(event.service, name);
    if (peer !== '') entry.peer = peer;
    const transition: BreakerTransition = {
      from,
      to,
      timeUnixMs: event.timeUnixMs,
      traceId: event.traceId,
      spanId: event.spanId,
    };
    insertInTimeOrder(entry.transitions, transition);
    if (entry.transitions.length > this.maxTransitions) entry.transitions.shift();
    return true;
  }

  /** Applies what breaker metrics say (state gauge, counters). */
  recordCounters(update: BreakerCountersUpdate): void {
    const entry = this.touch(update.service, update.name);
    if (update.peer) entry.peer = update.peer;
    if (update.state) entry.gaugeState = update.state;
    const previous = entry.counters;
    if (previous && previous.updatedAtUnixMs > update.timeUnixMs) return; // stale
    entry.counters = {
      calls: update.calls ?? previous?.calls ?? null,
      rejections: update.rejections ?? previous?.rejections ?? null,
      errorPercent:
        update.errorPercent === undefined
          ? (previous?.errorPercent ?? null)
          : Math.min(100, Math.max(0, update.errorPercent)),
      updatedAtUnixMs: update.timeUnixMs,
    };
  }

  get(service: string, name: string): BreakerView | undefined {
    const entry = this.breakers.get(breakerKey(service, name));
    return entry && toView(entry);
  }

  /** Every breaker, sorted by service then name. */
  list(): BreakerView[] {
    return [...this.breakers.values()]
      .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name))
      .map(toView);
  }

  private touch(service: string, name: string): BreakerEntry {
    const key = breakerKey(service, name);
    const existing = this.breakers.get(key);
    if (existing) {
      this.breakers.delete(key);
      this.breakers.set(key, existing);
      return existing;
    }
    while (this.breakers.size >= this.maxBreakers) {
      this.breakers.delete(this.breakers.keys().next().value as string);
    }
    const entry: BreakerEntry = {
      service,
      name,
      peer: '',
      gaugeState: null,
      transitions: [],
      counters: null,
    };
    this.breakers.set(key, entry);
    return entry;
  }
}

export const breakerKey = (service: string, name: string): string => `${service}/${name}`;

/** Appends, or inserts before later transitions; an exact duplicate is dropped. */
function insertInTimeOrder(list: BreakerTransition[], t: BreakerTransition): void {
  let at = list.length;
  while (at > 0 && list[at - 1]!.timeUnixMs > t.timeUnixMs) at--;
  for (let i = at - 1; i >= 0 && list[i]!.timeUnixMs === t.timeUnixMs; i--) {
    const other = list[i]!;
    if (other.to === t.to && other.from === t.from && other.spanId === t.spanId) return;
  }
  list.splice(at, 0, t);
}

function toView(entry: BreakerEntry): BreakerView {
  const last = entry.transitions[entry.transitions.length - 1];
  return {
    key: breakerKey(entry.service, entry.name),
    service: entry.service,
    name: entry.name,
    peer: entry.peer,
    state: last?.to ?? entry.gaugeState ?? 'closed',
    lastChangeUnixMs: last?.timeUnixMs ?? null,
    transitions: entry.transitions.map((t) => ({ ...t })),
    counters: entry.counters && { ...entry.counters },
  };
}

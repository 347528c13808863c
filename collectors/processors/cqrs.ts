import { cqrsAttributes, cqrsEvents, cqrsMetrics } from '../contracts/conventions';
import type {
  CqrsSnapshot,
  EventStoreView,
  ProjectionLagSample,
  ProjectionState,
  ProjectionView,
} from '../contracts/cqrs';
import type { TelemetryEvent } from '../contracts/events';
import type { MetricPoint } from '../contracts/metrics';
import { addSample, appendedAt, increasePerSecond, type Sample } from './cqrs-samples';
import { stringAttribute } from './telemetry-events';

/**
 * CQRS projections from metrics and events (names in conventions.ts):
 * - `eventstore.position` sets the head of a store (keyed by `eventstore.name`, else the
 *   reporting service); `projection.position` the checkpoint of a projection (keyed by
 *   service and `projection.name`), which reads the store named by its own `eventstore.name`,
 *   else its service's;
 * - lag in events = head - position;
 * - lag in ms = the producer's `projection.lag_ms` when it sends one (`reported`), else
 *   `estimated`: the time since the first event after the checkpoint was appended, read from
 *   the head's history (interpolated between two head samples; when the head was already
 *   past the checkpoint in the oldest sample kept, the time since that sample: a lower bound);
 * - throughput = positions advanced per second over the window (since the last reset);
 * - state from the projection.* events and the optional `projection.state` attribute,
 *   whichever is latest.
 * Bounded: maxProjections and maxStores (least recently updated evicted), maxHistory lag samples
 * per projection, maxHeadSamples per store.
 */

export interface CqrsTrackerOptions {
  maxProjections?: number;
  maxStores?: number;
  maxHistory?: number;
  maxHeadSamples?: number;
  windowSeconds?: number;
}

interface StoreEntry {
  store: string;
  service: string;
  /** Time order, at most maxHeadSamples. */
  heads: Sample[];
}

interface ProjectionEntry {
  service: string;
  name: string;
  store: string;
  state: ProjectionState;
  stateSinceUnixMs: number | null;
  /** Time of the information the state came from (later information wins). */
  stateTime: number;
  /** Time order; trimmed to the window. Empty until a position is reported. */
  positions: Sample[];
  reportedLag: Sample | null;
  history: ProjectionLagSample[];
}

const EVENT_STATES: Record<string, ProjectionState> = {
  [cqrsEvents.paused]: 'paused',
  [cqrsEvents.resumed]: 'running',
  [cqrsEvents.rebuildStarted]: 'rebuilding',
  [cqrsEvents.rebuildFinished]: 'running',
};

const numberOf = (point: MetricPoint): number | undefined =>
  point.type === 'gauge' || point.type === 'sum' ? point.value : undefined;

function parseState(value: string): ProjectionState | null {
  const v = value.trim().toLowerCase();
  return v === 'running' || v === 'paused' || v === 'rebuilding' ? v : null;
}

export class CqrsTracker {
  readonly windowSeconds: number;
  private readonly options: Required<CqrsTrackerOptions>;
  private readonly stores = new Map<string, StoreEntry>();
  private readonly projections = new Map<string, ProjectionEntry>();
  private updatedAtUnixMs: number | null = null;

  constructor(options: CqrsTrackerOptions = {}) {
    this.options = {
      maxProjections: Math.max(1, options.maxProjections ?? 200),
      maxStores: Math.max(1, options.maxStores ?? 100),
      maxHistory: Math.max(1, options.maxHistory ?? 120),
      maxHeadSamples: Math.max(2, options.maxHeadSamples ?? 720),
      windowSeconds: Math.max(1, options.windowSeconds ?? 60),
    };
    this.windowSeconds = this.options.windowSeconds;
  }

  /** Applies the CQRS points of one batch (heads first); returns how many it used. */
  recordPoints(points: readonly MetricPoint[]): number {
    let used = 0;
    for (const name of [
      cqrsMetrics.eventstorePosition,
      cqrsMetrics.projectionLagMs,
      cqrsMetrics.projectionPosition,
    ]) {
      for (const point of points) {
        if (point.name !== name) continue;
        const value = numberOf(point);
        if (value === undefined || !Number.isFinite(value)) continue;
        if (this.recordPoint(point, value)) {
          used++;
          this.noteUpdate(point.timeUnixMs);
        }
      }
    }
    return used;
  }

  /** Applies a projection.* event; false (ignored) for other events and without a name. */
  recordEvent(event: TelemetryEvent): boolean {
    const state = EVENT_STATES[event.name];
    if (!state) return false;
    const name = stringAttribute(event.attributes, cqrsAttributes.projection);
    if (name === '') return false;
    const store = stringAttribute(event.attributes, cqrsAttributes.eventStore);
    applyState(this.touchProjection(event.service, name, store), state, event.timeUnixMs);
    this.noteUpdate(event.timeUnixMs);
    return true;
  }

  private noteUpdate(timeUnixMs: number): void {
    this.updatedAtUnixMs = Math.max(this.updatedAtUnixMs ?? timeUnixMs, timeUnixMs);
  }

  snapshot(): CqrsSnapshot {
    const projections: ProjectionView[] = [];
    for (const entry of this.projections.values()) {
      const view = this.view(entry);
      if (view) projections.push(view);
    }
    projections.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
    const stores: EventStoreView[] = [...this.stores.values()]
      .filter((s) => s.heads.length > 0)
      .map((s) => {
        const head = s.heads[s.heads.length - 1]!;
        return {
          store: s.store,
          service: s.service,
          headPosition: head.v,
          appendRatePerSecond: increasePerSecond(s.heads, this.windowSeconds * 1000),
          lastUpdateUnixMs: head.t,
        };
      })
      .sort((a, b) => a.store.localeCompare(b.store));
    return {
      updatedAtUnixMs: this.updatedAtUnixMs,
      windowSeconds: this.windowSeconds,
      projections,
      stores,
    };
  }

  private recordPoint(point: MetricPoint, value: number): boolean {
    const storeName = stringAttribute(point.attributes, cqrsAttributes.eventStore);
    if (point.name === cqrsMetrics.eventstorePosition) {
      const store = this.touchStore(storeName || point.service, point.service);
      addSample(store.heads, { t: point.timeUnixMs, v: value }, this.options.maxHeadSamples);
      return true;
    }
    const name = stringAttribute(point.attributes, cqrsAttributes.projection);
    if (name === '') return false;
    const entry = this.touchProjection(point.service, name, storeName);
    if (point.name === cqrsMetrics.projectionLagMs) {
      if (!entry.reportedLag || entry.reportedLag.t <= point.timeUnixMs) {
        entry.reportedLag = { t: point.timeUnixMs, v: Math.max(0, value) };
      }
      return true;
    }
    const state = parseState(stringAttribute(point.attributes, cqrsAttributes.state));
    if (state) applyState(entry, state, point.timeUnixMs);
    if (!addSample(entry.positions, { t: point.timeUnixMs, v: value }, Infinity)) return true;
    const windowStart = point.timeUnixMs - this.windowSeconds * 1000;
    while (entry.positions.length > 2 && entry.positions[0]!.t < windowStart) {
      entry.positions.shift();
    }
    entry.history.push(this.lagAt(entry));
    if (entry.history.length > this.options.maxHistory) entry.history.shift();
    return true;
  }

  /** The lag at the projection's latest position report. */
  private lagAt(entry: ProjectionEntry): ProjectionLagSample {
    const { t, v: position } = entry.positions[entry.positions.length - 1]!;
    const heads = this.stores.get(entry.store)?.heads ?? [];
    const head = heads[heads.length - 1];
    const lagEvents = head ? Math.max(0, head.v - position) : null;
    let lagMs: number | null = entry.reportedLag?.v ?? null;
    if (lagMs === null && lagEvents !== null) {
      lagMs = lagEvents === 0 ? 0 : Math.max(0, t - appendedAt(heads, position + 1));
    }
    return { timeUnixMs: t, position, headPosition: head?.v ?? null, lagEvents, lagMs };
  }

  private view(entry: ProjectionEntry): ProjectionView | undefined {
    if (entry.positions.length === 0) return undefined;
    const latest = this.lagAt(entry);
    return {
      key: `${entry.service}/${entry.name}`,
      service: entry.service,
      name: entry.name,
      store: entry.store,
      state: entry.state,
      stateSinceUnixMs: entry.stateSinceUnixMs,
      position: latest.position,
      headPosition: latest.headPosition,
      lagEvents: latest.lagEvents,
      lagMs: latest.lagMs,
      lagMsSource: entry.reportedLag ? 'reported' : latest.lagMs === null ? null : 'estimated',
      throughputPerSecond: increasePerSecond(entry.positions, this.windowSeconds * 1000),
      lastUpdateUnixMs: Math.max(latest.timeUnixMs, entry.stateTime),
      history: entry.history.map((s) => ({ ...s })),
    };
  }

  private touchStore(store: string, service: string): StoreEntry {
    return touch(this.stores, store, this.options.maxStores, () => ({ store, service, heads: [] }));
  }

  private touchProjection(service: string, name: string, store: string): ProjectionEntry {
    const entry = touch(
      this.projections,
      `${service}/${name}`,
      this.options.maxProjections,
      () => ({
        service,
        name,
        store: store || service,
        state: 'running' as ProjectionState,
        stateSinceUnixMs: null,
        stateTime: Number.NEGATIVE_INFINITY,
        positions: [],
        reportedLag: null,
        history: [],
      }),
    );
    if (store !== '') entry.store = store;
    return entry;
  }
}

/** Moves (or creates) the entry to the end of the map, evicting the least recently used. */
function touch<T>(map: Map<string, T>, key: string, max: number, create: () => T): T {
  const existing = map.get(key);
  if (existing) {
    map.delete(key);
    map.set(key, existing);
    return existing;
  }
  while (map.size >= max) map.delete(map.keys().next().value as string);
  const entry = create();
  map.set(key, entry);
  return entry;
}

function applyState(entry: ProjectionEntry, state: ProjectionState, time: number): void {
  if (time < entry.stateTime) return; // older news
  if (state !== entry.state) entry.stateSinceUnixMs = time;
  entry.state = state;
  entry.stateTime = time;
}

import type {
  ConsumerLagResponse,
  ConsumerLagSource,
  FaultsSnapshot,
  MetricSeries,
} from '../../collectors/contracts';
import { semconv } from '../../collectors/contracts/conventions';

const GROUP_KEY = semconv.messagingConsumerGroupName;

/** One row of the consumer-lag table: a consumer group with its topics and total lag. */
export interface ConsumerGroupRow {
  group: string;
  /** The service that runs the group, when the source knows it. */
  service: string | null;
  topics: string[];
  totalLag: number;
  /** Partitions with a lag figure. */
  partitions: number;
  state: string;
  /** When the figures were read (Unix ms); null when never. */
  readAtUnixMs: number | null;
}

export interface ConsumerLagView {
  source: ConsumerLagSource;
  /** The broker poll's error (figures are then those of the last good poll). */
  error: string | null;
  rows: ConsumerGroupRow[];
}

/** The table's rows, ordered by group; null when the API says lag is not available yet. */
export function consumerLagView(response: ConsumerLagResponse): ConsumerLagView | null {
  if (!response.enabled) return null;
  const { snapshot } = response;
  const topics = new Map<string, Set<string>>();
  for (const p of snapshot.partitions) {
    const set = topics.get(p.group) ?? new Set<string>();
    set.add(p.topic);
    topics.set(p.group, set);
  }
  const rows = snapshot.groups
    .map(
      (g): ConsumerGroupRow => ({
        group: g.group,
        service: g.service ?? null,
        topics: [...(topics.get(g.group) ?? [])].sort(),
        totalLag: g.totalLag,
        partitions: g.partitions,
        state: g.state,
        readAtUnixMs: g.readAtUnixMs ?? snapshot.readAtUnixMs,
      }),
    )
    .sort((a, b) => a.group.localeCompare(b.group));
  return { source: response.source, error: snapshot.error, rows };
}

/** "3 s ago", "2 min ago"; "never" without a reading. */
export function formatAge(readAtUnixMs: number | null, nowUnixMs: number): string {
  if (readAtUnixMs === null) return 'never';
  const seconds = Math.max(0, Math.round((nowUnixMs - readAtUnixMs) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

export const SOURCE_LABEL: Record<ConsumerLagSource, string> = {
  broker: 'read from the Kafka broker',
  telemetry: 'reported by the services (messaging.consumer.lag)',
};

/** Chart rows: `lag[i]` is the total lag of `groups[i]` at `timeUnixMs` (absent: no point). */
export interface LagHistory {
  groups: string[];
  rows: Array<{ timeUnixMs: number; lag: Array<number | null> }>;
}

/**
 * Each group's total lag over time from the `messaging.consumer.lag` series (one series per
 * service and partition): the points of one collection share a timestamp, so a group's total
 * at a time is the sum of its partitions' points at that time.
 */
export function lagHistory(series: readonly MetricSeries[]): LagHistory {
  const totals = new Map<string, Map<number, number>>();
  for (const s of series) {
    const group = s.attributes[GROUP_KEY];
    if (typeof group !== 'string' || group === '') continue;
    const byTime = totals.get(group) ?? new Map<number, number>();
    totals.set(group, byTime);
    for (const point of s.points) {
      if (point.type !== 'gauge' && point.type !== 'sum') continue;
      byTime.set(point.timeUnixMs, (byTime.get(point.timeUnixMs) ?? 0) + point.value);
    }
  }
  const groups = [...totals.keys()].sort();
  const times = [...new Set([...totals.values()].flatMap((m) => [...m.keys()]))].sort(
    (a, b) => a - b,
  );
  return {
    groups,
    rows: times.map((timeUnixMs) => ({
      timeUnixMs,
      lag: groups.map((g) => totals.get(g)?.get(timeUnixMs) ?? null),
    })),
  };
}

/** The consumer faults active on `group` now ("consumer-pause"), for the State column. */
export function activeConsumerFaults(faults: FaultsSnapshot | null, group: string): string[] {
  if (faults === null) return [];
  return faults.active
    .filter((f) => f.target === group && f.kind.startsWith('consumer-'))
    .map((f) => f.kind);
}

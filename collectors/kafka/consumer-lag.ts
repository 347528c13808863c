import type { Admin } from 'kafkajs';
import type { ConsumerGroupLag, ConsumerLagPartition } from '../contracts/consumer-lag';

/** What the admin client reports for one group: its state and its committed offsets. */
export interface GroupOffsets {
  group: string;
  state: string;
  topics: ReadonlyArray<{
    topic: string;
    /** Offsets as kafkajs gives them: int64 decimal strings, "-1" when nothing is committed. */
    partitions: ReadonlyArray<{ partition: number; offset: string }>;
  }>;
}

/** End offset (high watermark) of every partition, per topic, as int64 decimal strings. */
export type TopicEndOffsets = ReadonlyMap<
  string,
  ReadonlyArray<{ partition: number; high: string }>
>;

export interface ConsumerLag {
  groups: ConsumerGroupLag[];
  partitions: ConsumerLagPartition[];
}

/** Groups that commit offsets: consumers, and groups with no protocol (admin/standalone commits). */
const OFFSET_PROTOCOLS = new Set(['consumer', '']);

const offset = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/**
 * Pure: lag per group and topic-partition from committed and end offsets. A partition whose
 * end offset is unknown (the topic was not read) is left out; a partition without a commit
 * has committedOffset and lag null. Output ordered by group, topic, partition.
 */
export function computeConsumerLag(
  groups: readonly GroupOffsets[],
  endOffsets: TopicEndOffsets,
): ConsumerLag {
  const partitions: ConsumerLagPartition[] = [];
  const summaries: ConsumerGroupLag[] = [];
  for (const { group, state, topics } of [...groups].sort((a, b) => cmp(a.group, b.group))) {
    let totalLag = 0;
    let count = 0;
    for (const { topic, partitions: committed } of [...topics].sort((a, b) =>
      cmp(a.topic, b.topic),
    )) {
      const ends = new Map((endOffsets.get(topic) ?? []).map((e) => [e.partition, e.high]));
      for (const { partition, offset: raw } of [...committed].sort(
        (a, b) => a.partition - b.partition,
      )) {
        const endOffset = offset(ends.get(partition));
        if (endOffset === null) continue;
        const committedOffset = offset(raw);
        const lag = committedOffset === null ? null : Math.max(0, endOffset - committedOffset);
        partitions.push({ group, topic, partition, committedOffset, endOffset, lag });
        totalLag += lag ?? 0;
        count++;
      }
    }
    summaries.push({ group, state, totalLag, partitions: count });
  }
  return { groups: summaries, partitions };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads consumer lag from the broker with kafkajs' admin client (connected by the caller):
 * the groups named, or every group that commits offsets (listGroups); their state
 * (describeGroups); their committed offsets on every topic (fetchOffsets without topics asks
 * the coordinator for all of them); each topic's end offsets once (fetchTopicOffsets).
 */
export async function readConsumerLag(
  admin: Admin,
  groupIds?: readonly string[],
): Promise<ConsumerLag> {
  const ids =
    groupIds && groupIds.length > 0
      ? [...groupIds]
      : (await admin.listGroups()).groups
          .filter((g) => OFFSET_PROTOCOLS.has(g.protocolType))
          .map((g) => g.groupId);
  if (ids.length === 0) return { groups: [], partitions: [] };

  const described = await admin.describeGroups(ids);
  const states = new Map(described.groups.map((g) => [g.groupId, g.state as string]));
  const groups: GroupOffsets[] = await Promise.all(
    ids.map(async (group) => ({
      group,
      state: states.get(group) ?? 'Unknown',
      topics: await admin.fetchOffsets({ groupId: group }),
    })),
  );

  const topicNames = [...new Set(groups.flatMap((g) => g.topics.map((t) => t.topic)))];
  const endOffsets = new Map(
    await Promise.all(
      topicNames.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const),
    ),
  );
  return computeConsumerLag(groups, endOffsets);
}

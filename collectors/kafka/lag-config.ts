import { z } from 'zod';
import { ConfigError } from '../config-error';

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** Environment variables of the consumer-lag poller (Kafka mode of the collectors). */
const LagEnv = z.object({
  /** Comma-separated host:port list; unset means the collectors are not in Kafka mode. */
  KAFKA_BROKERS: list
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')))
    .optional(),
  /** Comma-separated consumer groups to watch; unset: every group that commits offsets. */
  COLLECTORS_LAG_GROUPS: list.optional(),
  COLLECTORS_LAG_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
});

export interface ConsumerLagConfig {
  brokers: string[];
  /** Empty: every group. */
  groups: string[];
  intervalMs: number;
}

/**
 * Parses the poller's environment once at start-up: undefined when KAFKA_BROKERS is not set
 * (no Kafka mode, no poller); throws ConfigError naming every bad variable.
 */
export function parseConsumerLagConfig(
  env: Record<string, string | undefined> = process.env,
): ConsumerLagConfig | undefined {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = LagEnv.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `  ${String(issue.path[0])}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`,
    );
    throw new ConfigError(`invalid consumer-lag configuration:\n${problems.join('\n')}`);
  }
  const { KAFKA_BROKERS, COLLECTORS_LAG_GROUPS, COLLECTORS_LAG_INTERVAL_MS } = parsed.data;
  if (!KAFKA_BROKERS || KAFKA_BROKERS.length === 0) return undefined;
  return {
    brokers: KAFKA_BROKERS,
    groups: COLLECTORS_LAG_GROUPS ?? [],
    intervalMs: COLLECTORS_LAG_INTERVAL_MS,
  };
}

import { type logCreator, logLevel } from 'kafkajs';

/**
 * Routes kafkajs's own log through the platform's `log(line)`: WARN and ERROR only, one line
 * each (message and error text, never a stack), prefixed `kafka <clientId>:`. During a broker
 * outage kafkajs repeats the same complaint many times a second; a line already written in the
 * last `quietMs` is suppressed, and the next one says how many were.
 *
 * Dropped altogether: the warning kafkajs gives for an idempotent producer with bounded retries.
 * The bus bounds them on purpose (a publish must fail within seconds; the outbox retries it and
 * the producer is rebuilt, so a producer's exactly-once session never spans a failure anyway).
 */
const IGNORED = ['Limiting retries for the idempotent producer'];

export function quietLogCreator(
  clientId: string,
  log: (line: string) => void,
  options: { quietMs?: number; clock?: () => number } = {},
): logCreator {
  const quietMs = options.quietMs ?? 10_000;
  const clock = options.clock ?? Date.now;
  const recent = new Map<string, { at: number; suppressed: number }>();
  return () =>
    ({ namespace, level, log: entry }) => {
      if (level > logLevel.WARN || level === logLevel.NOTHING) return;
      if (IGNORED.some((prefix) => entry.message.startsWith(prefix))) return;
      const raw: unknown = entry.error;
      const error = raw instanceof Error ? raw.message : typeof raw === 'string' ? raw : undefined;
      const text = `${entry.message}${error && !entry.message.includes(error) ? `: ${error}` : ''}`;
      const key = `${namespace}|${text}`;
      const now = clock();
      const last = recent.get(key);
      if (last && now - last.at < quietMs) {
        last.suppressed += 1;
        return;
      }
      const more = last?.suppressed ? ` (${last.suppressed} more like it suppressed)` : '';
      recent.set(key, { at: now, suppressed: 0 });
      if (recent.size > 500) recent.delete(recent.keys().next().value!);
      const tag = level === logLevel.ERROR ? 'error' : 'warn';
      log(`kafka ${clientId}: ${tag} [${namespace}] ${text}${more}`);
    };
}

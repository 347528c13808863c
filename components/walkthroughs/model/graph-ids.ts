/**
 * The ids the collectors give the demo bank's graph nodes (service.name, `topic:<name>` for a
 * messaging destination, `user` for the external caller) and edges (`source->target`). Content
 * validation uses them to catch a highlight that would light up nothing.
 */
export const SERVICE_NODES = [
  'gateway',
  'accounts',
  'payments',
  'lending',
  'kyc',
  'wealth',
  'notifications',
  'partner-bank',
] as const;

export const TOPIC_NODES = [
  'topic:accounts.events',
  'topic:lending.events',
  'topic:payments.events',
] as const;

export const KNOWN_NODES: ReadonlySet<string> = new Set<string>([
  ...SERVICE_NODES,
  ...TOPIC_NODES,
  'user',
]);

/** `a->b` with both ends known nodes, or null. */
export function edgeEnds(edgeId: string): { source: string; target: string } | null {
  const at = edgeId.indexOf('->');
  if (at <= 0) return null;
  const source = edgeId.slice(0, at);
  const target = edgeId.slice(at + 2);
  if (!KNOWN_NODES.has(source) || !KNOWN_NODES.has(target) || source === target) return null;
  return { source, target };
}

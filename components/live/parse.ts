import { StreamMessage } from '../../collectors/contracts';

/** The message types this dashboard understands; the SSE `event:` field carries the same name. */
export const KNOWN_MESSAGE_TYPES: readonly string[] = StreamMessage.options.map(
  (option) => option.shape.type.value,
);

export type ParseResult =
  | { ok: true; message: StreamMessage }
  /** A type this dashboard does not know (a newer collector): skip it quietly. */
  | { ok: false; reason: 'unknown-type'; type: string }
  /** Not JSON, or a known type whose body breaks the contract: worth one warning. */
  | { ok: false; reason: 'invalid'; detail: string };

/** Parses the `data` of one SSE message against the stream contract. */
export function parseStreamData(raw: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'invalid', detail: 'not JSON' };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && !KNOWN_MESSAGE_TYPES.includes(type)) {
    return { ok: false, reason: 'unknown-type', type };
  }
  const result = StreamMessage.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const detail = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: 'invalid', detail };
}

/**
 * React keys for items without an id (span events, log records): a key from the content,
 * numbered when the same content repeats, so keys stay unique and follow the item.
 */
export function withUniqueKeys<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): { key: string; item: T }[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = keyOf(item);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { key: count === 0 ? base : `${base}#${count}`, item };
  });
}

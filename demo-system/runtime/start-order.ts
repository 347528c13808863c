import type { CatalogEntry } from './catalog-types';

/**
 * The order the platform starts the catalog in: every service after its upstreams (so each
 * sidecar knows its upstreams' mesh URLs), the public entry after all of them. Pure: throws
 * for an unknown required upstream, a duplicate name, a cycle, or a call to the entry.
 */
export function startOrder(catalog: readonly CatalogEntry[]): CatalogEntry[] {
  const byName = new Map<string, CatalogEntry>();
  for (const entry of catalog) {
    if (byName.has(entry.name)) throw new Error(`catalog: ${entry.name} is listed twice`);
    byName.set(entry.name, entry);
  }
  for (const entry of catalog) {
    for (const upstream of entry.upstreams) {
      const target = byName.get(upstream.name);
      if (!target && !upstream.optional) {
        throw new Error(
          `catalog: ${entry.name} calls ${upstream.name}, which is not in the catalog`,
        );
      }
      if (target?.role === 'entry') {
        throw new Error(`catalog: ${entry.name} calls the public entry ${upstream.name}`);
      }
    }
  }
  const ordered: CatalogEntry[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (entry: CatalogEntry, path: string[]) => {
    const seen = state.get(entry.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new Error(`catalog: dependency cycle ${[...path, entry.name].join(' -> ')}`);
    }
    state.set(entry.name, 'visiting');
    for (const upstream of entry.upstreams) {
      const target = byName.get(upstream.name);
      if (target) visit(target, [...path, entry.name]);
    }
    state.set(entry.name, 'done');
    ordered.push(entry);
  };
  // Catalog order breaks ties; the entry goes last so the bank is complete when it opens.
  for (const entry of catalog) if (entry.role !== 'entry') visit(entry, []);
  for (const entry of catalog) if (entry.role === 'entry') visit(entry, []);
  return ordered;
}

/** The upstreams of `entry` that are in the catalog (optional ones that are not are dropped). */
export function presentUpstreams(entry: CatalogEntry, catalog: readonly CatalogEntry[]) {
  const names = new Set(catalog.map((e) => e.name));
  return entry.upstreams.filter((upstream) => names.has(upstream.name));
}

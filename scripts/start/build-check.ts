import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the production build of the UI is made from. */
export const UI_SOURCES = [
  'app',
  'components',
  'collectors/contracts',
  'public',
  'next.config.js',
  'postcss.config.mjs',
  'package-lock.json',
];

const SKIP = new Set(['node_modules', '.next', '.data']);

/** Newest modification time (ms) of any file under the given paths; 0 when none exists. */
export function newestMtimeMs(root: string, paths: readonly string[]): number {
  let newest = 0;
  const visit = (path: string): void => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      return; // an optional source that does not exist
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (!SKIP.has(entry) && !entry.endsWith('.test.ts')) visit(join(path, entry));
      }
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
    }
  };
  for (const p of paths) visit(join(root, p));
  return newest;
}

/** Why the UI must be (re)built, or null when the existing build is current. */
export function buildNeeded(root: string): string | null {
  let builtAt: number;
  try {
    builtAt = statSync(join(root, '.next', 'BUILD_ID')).mtimeMs;
  } catch {
    return 'no production build yet';
  }
  return newestMtimeMs(root, UI_SOURCES) > builtAt ? 'sources changed since the last build' : null;
}

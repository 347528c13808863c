import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { DatabaseOpenError } from './database';

/**
 * An exclusive claim on a PGlite data folder: a lock file, created atomically, holding
 * `{pid, host}`. PGlite does not lock its folder and two instances on one folder corrupt it.
 *
 * A lock whose process is gone (same host, `kill(pid, 0)` answers ESRCH) is stale and taken
 * over. Detection is best effort: a lock from another host is never assumed stale, and a
 * recycled pid makes a stale lock look alive (delete the file by hand once sure nothing runs).
 */
export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
}

export function acquireDataDirLock(lockPath: string, folder: string): DataDirLock {
  const me: Holder = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createWithContent(lockPath, JSON.stringify(me))) return heldLock(lockPath, me);
    const holder = readHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder && isAlive(holder, me)) {
      const who = holder.pid === me.pid ? 'this process' : `process ${holder.pid}`;
      throw new DatabaseOpenError(
        `demo-system: the data folder ${folder} is already open in ${who} on ${holder.host} (lock ${lockPath}); stop it, or set DEMO_DATA_DIR to another folder`,
      );
    }
    // Stale (holder gone) or unreadable garbage: remove it and try again.
    removeIfPresent(lockPath);
  }
  throw new DatabaseOpenError(`demo-system: could not take the lock ${lockPath}; try again`);
}

/**
 * Writes the content to a private file, then hard-links it to `path`: the link fails with
 * EEXIST when a lock exists, and a reader never sees a half-written lock.
 */
function createWithContent(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.${randomUUID()}`;
  writeFileSync(draft, content, { flag: 'wx' });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    removeIfPresent(draft);
  }
}

function heldLock(path: string, me: Holder): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const holder = readHolder(path);
    if (holder && holder !== 'gone' && holder.pid === me.pid && holder.host === me.host) {
      removeIfPresent(path);
    }
  };
  // A process that exits without closing the database still frees its folder.
  process.on('exit', release);
  return { path, release };
}

/** The recorded holder, 'gone' if the file vanished meanwhile, undefined if unreadable. */
function readHolder(path: string): Holder | 'gone' | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (Number.isInteger(parsed.pid) && typeof parsed.host === 'string') {
      return { pid: parsed.pid as number, host: parsed.host };
    }
  } catch {
    // A torn or foreign file: treated as stale below.
  }
  return undefined;
}

function isAlive(holder: Holder, me: Holder): boolean {
  if (holder.host !== me.host) return true;
  if (holder.pid === me.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

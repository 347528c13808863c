import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './data-dir-lock';
import { DatabaseOpenError } from './database';

/** A child process that idles until killed: a live lock holder other than us. */
function idleChild() {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

/** The pid of a process that has exited: a stale lock holder. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('acquireDataDirLock', () => {
  let dir: string;
  let n = 0;
  const lockPath = () => join(dir, `pglite-${++n}.lock`);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patternscope-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records our pid and host, refuses a second open, and frees the folder on release', () => {
    const path = lockPath();
    const lock = acquireDataDirLock(path, '/data/pglite');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pid: process.pid, host: hostname() });

    const again = () => acquireDataDirLock(path, '/data/pglite');
    expect(again).toThrow(DatabaseOpenError);
    expect(again).toThrow(/\/data\/pglite is already open in this process/);
    expect(again).toThrow(/DEMO_DATA_DIR/);

    lock.release();
    lock.release();
    expect(existsSync(path)).toBe(false);
    acquireDataDirLock(path, '/data/pglite').release();
  });

  it('refuses a folder another live process holds, naming its pid', async () => {
    const child = idleChild();
    try {
      const path = lockPath();
      writeFileSync(path, JSON.stringify({ pid: child.pid, host: hostname() }));
      expect(() => acquireDataDirLock(path, 'f')).toThrow(`in process ${child.pid}`);
      expect(existsSync(path)).toBe(true);
    } finally {
      child.kill();
    }
  });

  it('takes over a stale lock whose process is gone, and an unreadable one', async () => {
    const stale = lockPath();
    writeFileSync(stale, JSON.stringify({ pid: await deadPid(), host: hostname() }));
    const lock = acquireDataDirLock(stale, 'f');
    expect(JSON.parse(readFileSync(stale, 'utf8')).pid).toBe(process.pid);
    lock.release();

    const garbage = lockPath();
    writeFileSync(garbage, 'not json');
    acquireDataDirLock(garbage, 'f').release();
    expect(existsSync(garbage)).toBe(false);
  });

  it('never assumes a lock from another host is stale', async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: await deadPid(), host: `${hostname()}-other` }));
    expect(() => acquireDataDirLock(path, 'f')).toThrow(DatabaseOpenError);
  });

  it('does not remove a lock that is no longer ours on release', () => {
    const path = lockPath();
    const lock = acquireDataDirLock(path, 'f');
    writeFileSync(path, JSON.stringify({ pid: process.pid + 1, host: hostname() }));
    lock.release();
    expect(existsSync(path)).toBe(true);
  });
});

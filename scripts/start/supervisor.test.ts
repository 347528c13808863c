import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A child that spawns a grandchild which ignores SIGTERM, and prints the grandchild's pid.
const PARENT = `
const { spawn } = require('node:child_process');
const g = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
console.log('grandchild ' + g.pid);
setInterval(() => {}, 1000);
`;

describe('Supervisor', () => {
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  });

  it('stops a child and its stubborn grandchild: no orphans', async () => {
    const exits: string[] = [];
    let grandchild = 0;
    const supervisor = new Supervisor(
      (name) => exits.push(name),
      (text) => {
        const m = /grandchild (\d+)/.exec(text);
        if (m) grandchild = Number(m[1]);
      },
    );
    supervisor.start({ name: 'parent', command: process.execPath, args: ['-e', PARENT] });
    await until(() => grandchild > 0);
    pids.push(grandchild);
    expect(alive(grandchild)).toBe(true);
    await supervisor.stopAll(500);
    await until(() => !alive(grandchild));
    expect(exits).toEqual([]); // a requested stop is not an unexpected exit
  });

  it('reports a child that dies on its own', async () => {
    const exits: Array<[string, number | null]> = [];
    const supervisor = new Supervisor(
      (name, code) => exits.push([name, code]),
      () => {},
    );
    supervisor.start({
      name: 'crasher',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
    });
    await until(() => exits.length > 0);
    expect(exits).toEqual([['crasher', 3]]);
    await supervisor.stopAll(100);
  });

  it('stops in reverse start order, each after the one started later has exited', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor(
      () => {},
      (text) => lines.push(text.trim()),
    );
    // Each child announces its start, and on SIGTERM prints and exits after 100 ms.
    const child = (name: string) =>
      `console.log('up ${name}'); process.on('SIGTERM', () => { console.log('stop ${name}'); setTimeout(() => process.exit(0), 100); }); setInterval(() => {}, 1000);`;
    for (const name of ['first', 'second', 'third']) {
      supervisor.start({ name, command: process.execPath, args: ['-e', child(name)] });
    }
    await until(() => lines.filter((l) => l.includes(' up ')).length === 3);
    await supervisor.stopAll(5000);
    const stops = lines.filter((l) => l.includes(' stop ')).map((l) => l.split(' stop ')[1]);
    expect(stops).toEqual(['third', 'second', 'first']);
  });
});

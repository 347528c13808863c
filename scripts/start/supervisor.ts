import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

interface Running {
  spec: ProcessSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const RESET = '\x1b[0m';

/**
 * Starts child processes each in its own process group, prefixes their output, and stops
 * every one of them (the whole group, so grandchildren such as Next's workers go too) on
 * request or when any of them dies. One instance per launcher run.
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private stopping: Promise<void> | null = null;
  private readonly colour = process.stdout.isTTY;

  constructor(
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  start(spec: ProcessSpec): void {
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: we can signal the whole tree
    });
    const prefix = this.prefix(spec.name);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.write(`${prefix} ${line}\n`);
      });
    }
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
      child.once('error', (err) => {
        this.write(`${prefix} failed to start: ${err.message}\n`);
        resolve(127);
      });
    });
    void exited.then((code) => {
      if (!this.stopping) this.onUnexpectedExit(spec.name, code);
    });
    this.running.push({ spec, child, exited });
  }

  /**
   * Stops the parts in reverse start order, so each one can still reach what it depends on
   * while it shuts down (the demo flushes its last spans to the collectors): SIGTERM to the
   * group, SIGKILL to the group after the grace period or once the leader has exited (which
   * also reaps grandchildren that ignored SIGTERM). Idempotent.
   */
  stopAll(graceMs = 8000): Promise<void> {
    this.stopping ??= (async () => {
      for (const r of [...this.running].reverse()) {
        if (r.child.exitCode === null && r.child.signalCode === null) {
          signalGroup(r.child, 'SIGTERM');
          const grace = new Promise<void>((resolve) => {
            setTimeout(resolve, graceMs).unref();
          });
          await Promise.race([r.exited, grace]);
        }
        signalGroup(r.child, 'SIGKILL');
      }
    })();
    return this.stopping;
  }

  private prefix(name: string): string {
    const label = `[${name}]`.padEnd(13);
    if (!this.colour) return label;
    const colour = COLOURS[this.running.length % COLOURS.length];
    return `${colour}${label}${RESET}`;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Polls a URL until it answers 2xx, the process set fails, or the deadline passes. */
export async function waitForHttp(
  url: string,
  deadlineMs: number,
  aborted: () => boolean,
): Promise<void> {
  let lastError = 'no answer yet';
  while (Date.now() < deadlineMs) {
    if (aborted()) throw new Error('start-up aborted');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready (${lastError})`);
}

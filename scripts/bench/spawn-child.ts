import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RpcClient } from './rpc';

/** How the benchmark's processes are placed on CPUs. */
export interface CpuPlan {
  /** CPU of the process under test (collectors, sink, decoder); undefined: not pinned. */
  serverCpu: number | undefined;
  /** CPU of the load client; undefined: not pinned. */
  clientCpu: number | undefined;
  note: string;
}

export function planCpus(): CpuPlan {
  const cores = availableParallelism();
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (!taskset) {
    return {
      serverCpu: undefined,
      clientCpu: undefined,
      note: `taskset not available: processes NOT pinned (${cores} cores); the server's CPU-busy % shows how much of one core it used`,
    };
  }
  if (cores < 2) {
    return {
      serverCpu: 0,
      clientCpu: 0,
      note: 'one core only: server and load client share CPU 0 (figures are pessimistic)',
    };
  }
  return {
    serverCpu: 0,
    clientCpu: 1,
    note: `server pinned to CPU 0, load client to CPU 1 (taskset; ${cores} cores)`,
  };
}

export interface BenchChild {
  process: ChildProcess;
  pid: number;
  rpc: RpcClient;
  /** Closes the IPC channel (the child exits on disconnect) and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script>` beside this file with an IPC channel, under
 * `taskset -c <cpu>` when a CPU is given (taskset execs node, so the pid is node's).
 */
export function startChild(
  script: string,
  cpu: number | undefined,
  env: Record<string, string | undefined> = process.env,
): BenchChild {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const node = [process.execPath, '--import', 'tsx', path];
  const [command, ...args] = cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
  const child = spawn(command!, args, {
    env: env as NodeJS.ProcessEnv, // Next's types make NODE_ENV required; a child inherits ours
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const rpc = new RpcClient(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    process: child,
    pid: child.pid!,
    rpc,
    async stop() {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

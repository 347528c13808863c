import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from './http';

/**
 * Test support for crash tests: runs `demo-system/main.ts` (the whole platform) or
 * `scripts/service.ts <name>` (one service) as a child process, reads the addresses it
 * prints, and kills it hard (SIGKILL: no close(), no flush, as a crash would).
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildRun {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  /** SIGKILL, then waits for the exit. */
  crash(): Promise<void>;
  /** SIGTERM (a clean stop), then waits for the exit; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnScript(args: readonly string[], env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    exited,
    output: () => output,
    crash: async () => {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    stop: async (graceMs = 15_000) => {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits for a line matching `pattern` (its first group), failing early if the child exits. */
export async function waitForLine(
  run: ChildRun,
  pattern: RegExp,
  timeoutMs: number,
  what: string,
): Promise<string> {
  return eventually(
    () => {
      const found = pattern.exec(run.output())?.[1];
      if (found !== undefined) return found;
      if (run.child.exitCode !== null || run.child.signalCode !== null) {
        throw new Error(`the child exited before ${what}:\n${run.output().slice(-4_000)}`);
      }
      return undefined;
    },
    timeoutMs,
    what,
  );
}

export interface PlatformRun extends ChildRun {
  gatewayUrl: string;
  controlUrl: string;
}

/**
 * `tsx demo-system/main.ts` with `env`; resolves once the control plane listens. Embedded by
 * default: the test runner's DATABASE_URL and KAFKA_BROKERS (set in CI for the PostgreSQL and
 * Kafka suites) are cleared unless `env` sets them, or the child would share the test database's
 * unprefixed schemas across runs.
 */
export async function startPlatformProcess(
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<PlatformRun> {
  const run = spawnScript(['demo-system/main.ts'], {
    DATABASE_URL: '',
    KAFKA_BROKERS: '',
    KAFKA_NAMESPACE: '',
    GATEWAY_PORT: '0',
    CONTROL_PORT: '0',
    TRAFFIC_RATE: '0',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    ...env,
  });
  try {
    const controlUrl = await waitForLine(
      run,
      /control plane listening on (http:\/\/[^\s]+)/,
      timeoutMs,
      'the control plane',
    );
    const gatewayUrl = await waitForLine(
      run,
      /demo-system: gateway listening on (http:\/\/[^\s;]+)/,
      1_000,
      'the gateway',
    );
    return { ...run, gatewayUrl, controlUrl };
  } catch (error) {
    await run.crash();
    throw error;
  }
}

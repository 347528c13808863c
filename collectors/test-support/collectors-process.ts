import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { apiRoutes } from '../contracts/routes';

/**
 * The collectors as users run them, for integration tests: `node --import tsx
 * collectors/main.ts` in a separate process on free loopback ports. Test code only.
 */
export interface CollectorsProcess {
  otlpUrl: string;
  apiUrl: string;
  /** Calls `read` every 50 ms until it answers a value (errors count as "not yet"). */
  poll<T>(read: () => Promise<T | undefined>, what: string): Promise<T>;
  /** GET on the query API; throws on a non-2xx answer. */
  getJson(path: string): Promise<unknown>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts the process and resolves once GET /health answers. */
export async function startCollectorsProcess(
  env: Record<string, string> = {},
): Promise<CollectorsProcess> {
  const [otlpPort, apiPort] = [await freePort(), await freePort()];
  const otlpUrl = `http://127.0.0.1:${otlpPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'collectors/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      COLLECTORS_HOST: '127.0.0.1',
      COLLECTORS_OTLP_PORT: String(otlpPort),
      COLLECTORS_API_PORT: String(apiPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));

  async function poll<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 20_000;
    let last: unknown;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`collectors exited (${child.exitCode}): ${output}`);
      }
      try {
        const value = await read();
        if (value !== undefined) return value;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}\n${output}`);
  }

  async function getJson(path: string): Promise<unknown> {
    const response = await fetch(`${apiUrl}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

  async function stop(): Promise<void> {
    if (child.pid === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    await exited;
  }

  try {
    await poll(
      async () => ((await fetch(`${apiUrl}${apiRoutes.health}`)).ok ? true : undefined),
      '/health',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { otlpUrl, apiUrl, poll, getJson, stop };
}

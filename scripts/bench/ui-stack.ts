import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNeeded } from '../start/build-check';
import { Supervisor, waitForHttp } from '../start/supervisor';

/**
 * The collectors and the dashboard's production build, without the demo-system, for the UI
 * benches: spans come from the bench itself. Ports are off the defaults so a running
 * Patternscope does not interfere; the dev-only /dev/graph-load route is switched on.
 */
export interface UiStack {
  uiUrl: string;
  otlpUrl: string;
  stop(): Promise<void>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export async function startUiStack(
  options: {
    uiPort?: number;
    otlpPort?: number;
    apiPort?: number;
    log?: (line: string) => void;
  } = {},
): Promise<UiStack> {
  const log = options.log ?? (() => {});
  const uiPort = options.uiPort ?? 3210;
  const otlpPort = options.otlpPort ?? 4518;
  const apiPort = options.apiPort ?? 4520;
  const reason = buildNeeded(root);
  if (reason) {
    log(`building the dashboard (${reason})`);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'ignore' });
      child.once('exit', resolve);
      child.once('error', () => resolve(1));
    });
    if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  }
  let failed = false;
  const supervisor = new Supervisor(
    (name, code) => {
      failed = true;
      log(`${name} exited (code ${code})`);
    },
    () => {}, // the children's output is not part of the report
  );
  supervisor.start({
    name: 'collectors',
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'collectors', 'main.ts')],
    env: { COLLECTORS_OTLP_PORT: String(otlpPort), COLLECTORS_API_PORT: String(apiPort) },
  });
  supervisor.start({
    name: 'ui',
    command: process.execPath,
    args: [nextBin, 'start', '-p', String(uiPort), '-H', '127.0.0.1'],
    env: {
      COLLECTORS_API_URL: `http://127.0.0.1:${apiPort}`,
      // Nothing listens here: the bench needs no control plane.
      CONTROL_API_URL: 'http://127.0.0.1:9',
      PATTERNSCOPE_DEV_ROUTES: '1',
    },
  });
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  try {
    const deadline = Date.now() + 60_000;
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`, deadline, () => failed);
    await waitForHttp(`${uiUrl}/api/health`, deadline, () => failed);
  } catch (error) {
    await supervisor.stopAll(2000);
    throw error;
  }
  return {
    uiUrl,
    otlpUrl: `http://127.0.0.1:${otlpPort}`,
    stop: () => supervisor.stopAll(3000),
  };
}

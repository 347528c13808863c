/**
 * `npm start` / `npm run dev`: builds the UI when its build is missing or stale, starts the
 * collectors, the demo-system and the UI, waits until each answers its health URL, prints the
 * dashboard URL, and stops all of them (whole process groups) on Ctrl-C, SIGTERM, or when any
 * one of them dies.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNeeded } from './start/build-check';
import { planLaunch } from './start/config';
import { type ProcessSpec, Supervisor, waitForHttp } from './start/supervisor';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const node = process.execPath;
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function log(message: string): void {
  process.stdout.write(`[patternscope] ${message}\n`);
}

function nodeService(name: string, entry: string, env: Record<string, string>): ProcessSpec {
  const args = dev ? [tsxCli, 'watch', '--clear-screen=false', entry] : ['--import', 'tsx', entry];
  return { name, command: node, args, env };
}

async function buildUi(reason: string): Promise<void> {
  log(`building the dashboard (${reason}); this takes about half a minute the first time`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(node, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
    child.once('exit', (c) => resolve(c));
    child.once('error', () => resolve(1));
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
}

async function main(): Promise<void> {
  process.chdir(root);
  const plan = planLaunch(process.env);
  const started = Date.now();
  let failed = false;

  const supervisor = new Supervisor((name, code) => {
    failed = true;
    log(`${name} exited unexpectedly (code ${code}); stopping everything`);
    void supervisor.stopAll().then(() => process.exit(1));
  });
  const shutdown = (signal: NodeJS.Signals) => {
    log(`${signal} received; stopping`);
    void supervisor.stopAll().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.once('SIGHUP', shutdown);

  if (!dev) {
    const reason = buildNeeded(root);
    if (reason) await buildUi(reason);
  }

  const uiUrl = new URL(plan.uiUrl);
  const nextMode = dev ? 'dev' : 'start';
  supervisor.start(nodeService('collectors', 'collectors/main.ts', plan.childEnv));
  supervisor.start(nodeService('demo-system', 'demo-system/main.ts', plan.childEnv));
  supervisor.start({
    name: 'ui',
    command: node,
    args: [nextBin, nextMode, '-H', uiUrl.hostname.replace(/^\[|\]$/g, ''), '-p', uiUrl.port],
    env: { ...plan.childEnv, NEXT_TELEMETRY_DISABLED: '1' },
  });

  const deadline = Date.now() + plan.startTimeoutMs;
  try {
    await Promise.all(
      Object.values(plan.readiness).map((url) => waitForHttp(url, deadline, () => failed)),
    );
  } catch (err) {
    if (failed) return; // the exit handler reports and stops
    log(`start-up failed: ${err instanceof Error ? err.message : String(err)}`);
    await supervisor.stopAll();
    process.exit(1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`ready in ${seconds}s${dev ? ' (dev mode, hot reload)' : ''}`);
  log(`dashboard: ${plan.uiUrl}`);
  log('press Ctrl-C to stop');
}

main().catch((err: unknown) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

import { defineConfig } from '@playwright/test';

/**
 * Browser tests run against the production build started by the README's own command path
 * (scripts/start.ts builds the UI when needed). Ports are moved off the defaults so a
 * Patternscope already running on this machine does not interfere.
 */
const ports = {
  UI_PORT: '3100',
  COLLECTORS_OTLP_PORT: '4418',
  COLLECTORS_API_PORT: '4420',
  GATEWAY_PORT: '8180',
  CONTROL_PORT: '7170',
};
const baseURL = `http://127.0.0.1:${ports.UI_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node --import tsx scripts/start.ts',
    url: `${baseURL}/api/health`,
    wait: { stdout: /\[patternscope\] ready in/ },
    // Dev routes on: e2e/graph-load.spec.ts renders the synthetic 50-service graph.
    env: { ...ports, TRAFFIC_RATE: '8', TRAFFIC_SEED: '7', PATTERNSCOPE_DEV_ROUTES: '1' },
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});

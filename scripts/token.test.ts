import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../demo-system/platform/auth/tokens';
import { type GatewayService, startGatewayService } from '../demo-system/services/gateway/server';
import { closedUrl } from '../demo-system/services/gateway/test-stack';
import { jsonRequest } from '../demo-system/testing/http';
import { runTokenCli, UsageError } from './token';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm run token', () => {
  let dataDir: string;
  let gateway: GatewayService;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gwhelper-token-'));
    // The gateway generates the secret; the CLI finds it in the same data folder.
    gateway = await startGatewayService({
      host: '127.0.0.1',
      port: 0,
      otlpEndpoint: await closedUrl(),
      accountsUrl: await closedUrl(),
      paymentsUrl: await closedUrl(),
      dataDir,
      config: { rateLimit: null, jwtSecret: undefined },
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints a token the gateway accepts (same secret file)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', '--customer', 'c-123', '--name', 'Ada'],
      { cwd: root, env: { ...process.env, GATEWAY_JWT_SECRET: '', DEMO_DATA_DIR: dataDir } },
    );
    const token = stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const res = await jsonRequest('GET', `${gateway.url}/v1/customers/c-123/overview`, undefined, {
      authorization: `Bearer ${token}`,
    });
    // Authenticated: the overview answers (502: no backend reachable here), not 401.
    expect(res.status).toBe(502);
    const rejected = await jsonRequest('GET', `${gateway.url}/v1/customers/c-123/overview`);
    expect(rejected.status).toBe(401);
  });

  it('signs with GATEWAY_JWT_SECRET when set, with the requested claims', async () => {
    const secret = 'a-shared-secret-of-at-least-32-chars!';
    const out = await runTokenCli(
      ['--customer', 'c-9', '--scope', 'overview admin', '--ttl', '120', '--json'],
      { GATEWAY_JWT_SECRET: secret, DEMO_DATA_DIR: dataDir },
    );
    const issued = JSON.parse(out) as { token: string; expiresIn: number; scope: string };
    expect(issued).toMatchObject({ customerId: 'c-9', scope: 'overview admin', expiresIn: 120 });
    const verified = await verifyToken(new TextEncoder().encode(secret), issued.token);
    expect(verified.ok && [...verified.principal.scopes]).toEqual(['overview', 'admin']);
  });

  it('refuses bad arguments with the usage line', async () => {
    const env = { DEMO_DATA_DIR: dataDir };
    await expect(runTokenCli(['--customer', 'a b'], env)).rejects.toThrow(UsageError);
    await expect(runTokenCli(['--ttl', 'soon'], env)).rejects.toThrow(/--ttl/);
    await expect(runTokenCli(['--bogus'], env)).rejects.toThrow(/usage:/);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../demo-system/platform/config';
import { openDevPki } from '../demo-system/platform/pki/dev-pki';
import type { CatalogEntry } from '../demo-system/runtime/catalog-types';
import { dropSchemas, uniqueSchemaPrefix } from '../demo-system/testing/database';
import { eventually } from '../demo-system/testing/http';
import type { StandalonePorts } from './service';
import { parseServiceConfig, upstreamEnvName } from './service/service-config';

const root = fileURLToPath(new URL('..', import.meta.url));
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const KAFKA_BROKERS = '127.0.0.1:9092';

describe('npm run service: configuration', () => {
  it('requires DATABASE_URL with a clear message', () => {
    expect(() => parseServiceConfig('accounts', {})).toThrow(ConfigError);
    expect(() => parseServiceConfig('accounts', {})).toThrow(/DATABASE_URL: required/);
    expect(() => parseServiceConfig('accounts', { DATABASE_URL: 'mysql://x/y' })).toThrow(
      /must be a postgres:\/\/ URL/,
    );
  });

  it('names the services it knows when the name is missing or unknown', () => {
    expect(() => parseServiceConfig(undefined, {})).toThrow(/usage: npm run service -- <name>/);
    expect(() => parseServiceConfig('ledger', {})).toThrow(/one of: .*accounts.*payments/);
  });

  it('refuses a service that uses the event bus without KAFKA_BROKERS, naming why', () => {
    const start = async () => {
      throw new Error('not started in this test');
    };
    const catalog: CatalogEntry[] = [
      { name: 'ledger', role: 'mesh', usesBus: true, schema: null, upstreams: [], start },
      { name: 'quotes', role: 'mesh', schema: null, upstreams: [], start },
    ];
    const attempt = () => parseServiceConfig('ledger', { DATABASE_URL }, catalog);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_BROKERS: required: ledger publishes or consumes events/);
    expect(attempt).toThrow(/embedded bus is an in-memory log of one process only/);
    expect(
      parseServiceConfig('ledger', { DATABASE_URL, KAFKA_BROKERS: '127.0.0.1:9092' }, catalog)
        .kafkaBrokers,
    ).toEqual(['127.0.0.1:9092']);
    expect(() =>
      parseServiceConfig('ledger', { DATABASE_URL, KAFKA_BROKERS: 'nohost' }, catalog),
    ).toThrow(/KAFKA_BROKERS: must be comma-separated host:port/);
    // A service without events runs without Kafka (a private embedded bus it never uses).
    expect(parseServiceConfig('quotes', { DATABASE_URL }, catalog).kafkaBrokers).toBeUndefined();
    // The bank's event-driven services are flagged.
    for (const name of ['accounts', 'payments', 'lending', 'notifications']) {
      expect(() => parseServiceConfig(name, { DATABASE_URL })).toThrow(/KAFKA_BROKERS: required/);
    }
  });

  it('reads upstreams from UPSTREAM_<NAME>_URL: https for mesh upstreams', () => {
    expect(upstreamEnvName('partner-bank')).toBe('UPSTREAM_PARTNER_BANK_URL');
    expect(() => parseServiceConfig('payments', { DATABASE_URL, KAFKA_BROKERS })).toThrow(
      /UPSTREAM_ACCOUNTS_URL: required/,
    );
    expect(() =>
      parseServiceConfig('payments', {
        DATABASE_URL,
        KAFKA_BROKERS,
        UPSTREAM_ACCOUNTS_URL: 'http://h:1',
      }),
    ).toThrow(/must be https:\/\/host:port/);
    const config = parseServiceConfig('payments', {
      DATABASE_URL,
      KAFKA_BROKERS,
      UPSTREAM_ACCOUNTS_URL: 'https://10.0.0.7:9443/',
      MESH_PORT: '9444',
    });
    expect(config.upstreams).toEqual({ accounts: { url: 'https://10.0.0.7:9443', mesh: true } });
    expect(config.meshPort).toBe(9444);
    // The gateway's optional upstreams (lending, wealth) may be left out.
    const gateway = parseServiceConfig('gateway', {
      DATABASE_URL,
      UPSTREAM_ACCOUNTS_URL: 'https://127.0.0.1:9443',
      UPSTREAM_PAYMENTS_URL: 'https://127.0.0.1:9444',
    });
    expect(Object.keys(gateway.upstreams).sort()).toEqual(['accounts', 'payments']);
  });
});

/** Runs `npm run service -- <name>` as its own process and reads its ready line. */
function startService(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/service.ts', name], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

describe('npm run service without DATABASE_URL or KAFKA_BROKERS', () => {
  it('exits 1 naming the variable', async () => {
    const run = startService('accounts', { DATABASE_URL: '' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('DATABASE_URL: required');
  });

  it('refuses to run an event-driven service on an embedded bus', async () => {
    const run = startService('payments', {
      DATABASE_URL,
      KAFKA_BROKERS: '',
      UPSTREAM_ACCOUNTS_URL: 'https://127.0.0.1:1',
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('KAFKA_BROKERS: required: payments publishes or consumes');
    expect(run.output()).not.toContain('service-ready');
  });
});

const standaloneSkip = !process.env.DATABASE_URL || !process.env.KAFKA_BROKERS;
if (standaloneSkip) {
  console.log('npm run service -- accounts: skipped (set DATABASE_URL and KAFKA_BROKERS)');
}

describe.skipIf(standaloneSkip)('npm run service -- accounts on PostgreSQL and Kafka', () => {
  const prefix = uniqueSchemaPrefix();
  let dataDir: string;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null>;
  let ports: StandalonePorts;
  const agents: Agent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'meshhelper-service-'));
    const run = startService('accounts', {
      DATABASE_URL: process.env.DATABASE_URL!,
      DATABASE_SCHEMA_PREFIX: prefix,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      DEMO_DATA_DIR: dataDir,
      MESH_PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    });
    child = run.child;
    exited = run.exited;
    const line = await eventually(
      () => /^service-ready (.*)$/m.exec(run.output())?.[1],
      60_000,
      'the service-ready line',
    );
    ports = JSON.parse(line) as StandalonePorts;
  }, 90_000);
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await dropSchemas(process.env.DATABASE_URL!, prefix);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves on its mesh port to a client certificate from the same dev PKI', async () => {
    expect(ports).toMatchObject({ service: 'accounts', role: 'mesh', egress: {} });
    expect(ports.meshPort).toBeGreaterThan(0);
    const pki = await openDevPki({ dir: join(dataDir, 'pki') });
    const caller = await pki.issue('payments');
    const agent = new Agent({
      connect: {
        ca: pki.caPem,
        cert: caller.certPem,
        key: caller.keyPem,
        servername: 'accounts',
        rejectUnauthorized: true,
      },
    });
    agents.push(agent);
    const opened = await request(`${ports.meshUrl}/accounts`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ owner: 'Standalone' }),
    });
    expect(opened.statusCode).toBe(201);
    const account = (await opened.body.json()) as { id: string; owner: string };
    expect(account.owner).toBe('Standalone');
    const read = await request(`${ports.meshUrl}/accounts/${account.id}`, { dispatcher: agent });
    expect(read.statusCode).toBe(200);
    expect(await read.body.json()).toMatchObject({ id: account.id, balanceCents: 0 });

    // Without a client certificate the mesh port refuses the handshake.
    const anonymous = new Agent({
      connect: { ca: pki.caPem, servername: 'accounts', rejectUnauthorized: true },
    });
    agents.push(anonymous);
    await expect(
      request(`${ports.meshUrl}/accounts/${account.id}`, { dispatcher: anonymous }),
    ).rejects.toThrow();
  });

  it('stops cleanly on SIGTERM', async () => {
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

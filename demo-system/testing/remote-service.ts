import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogEntry } from '../runtime/catalog-types';
import { type ChildRun, spawnScript, waitForLine } from './platform-process';

/**
 * Test support: a catalog entry whose service runs in its own process (`npm run service --
 * <name>`, i.e. scripts/service.ts) while the rest of the platform runs in the test's
 * process. The platform starts it in its usual place in the start order; `start` spawns the
 * child with the upstreams' mesh addresses and a shared dev PKI, and fronts it with a local
 * forwarder so the in-process sidecar keeps one address across `crash()` and `restart()`.
 */
export interface RemoteService {
  entry: CatalogEntry;
  /** The child's output so far. */
  output(): string;
  /** SIGKILL the child (the forwarder then answers 502 until `restart`). */
  crash(): Promise<void>;
  /** Starts the child again with the same environment; resolves when it is ready. */
  restart(): Promise<void>;
}

export function remoteService(
  entry: CatalogEntry,
  env: Record<string, string>,
  readyTimeoutMs = 120_000,
): RemoteService {
  let child: ChildRun | undefined;
  let target: string | undefined;
  let childEnv: Record<string, string> | undefined;
  let earlier = '';

  const spawnChild = async () => {
    if (!childEnv) throw new Error(`${entry.name}: not started yet`);
    if (child) earlier += child.output();
    const run = spawnScript(['scripts/service.ts', entry.name], childEnv);
    child = run;
    const line = await waitForLine(
      run,
      /^service-ready (.*)$/m,
      readyTimeoutMs,
      `${entry.name} ready`,
    );
    target = (JSON.parse(line) as { url: string }).url;
  };

  const remote: CatalogEntry = {
    ...entry,
    start: async (c) => {
      childEnv = {
        ...env,
        DEMO_DATA_DIR: c.dataDir,
        MESH_PORT: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: c.otlpEndpoint,
        ...Object.fromEntries(
          Object.entries(c.upstreamTargets).map(([name, t]) => [upstreamEnvName(name), t.url]),
        ),
      };
      await spawnChild();
      const forwarder = await startForwarder(() => target);
      return {
        name: entry.name,
        url: forwarder.url,
        port: forwarder.port,
        close: async () => {
          await child?.stop();
          await new Promise<void>((resolve) => forwarder.server.close(() => resolve()));
        },
      };
    },
  };
  return {
    entry: remote,
    output: () => earlier + (child?.output() ?? ''),
    crash: async () => {
      await child?.crash();
      target = undefined;
    },
    restart: spawnChild,
  };
}

/** UPSTREAM_<NAME>_URL, as `npm run service` reads it (scripts/service/service-config.ts). */
function upstreamEnvName(service: string): string {
  return `UPSTREAM_${service.toUpperCase().replace(/-/g, '_')}_URL`;
}

/** A plain HTTP forwarder to whatever `target()` is now; 502 while there is none. */
async function startForwarder(
  target: () => string | undefined,
): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer((req, res) => {
    const base = target();
    if (!base) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'service_down' }));
      return;
    }
    const upstream = httpRequest(
      new URL(req.url ?? '/', base),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'service_down' }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

import { z } from 'zod';

/**
 * The ports and hosts `npm start` needs to know: where each process listens and therefore
 * where to wait for it. Each process parses its own variables too; this module only derives
 * what the launcher passes on (the UI's upstream URLs, the demo's OTLP endpoint) when the user
 * has not set them.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

const EnvSchema = z.object({
  UI_HOST: z.string().min(1).default('127.0.0.1'),
  UI_PORT: port(3000),
  COLLECTORS_HOST: z.string().min(1).default('127.0.0.1'),
  COLLECTORS_OTLP_PORT: port(4318),
  COLLECTORS_API_PORT: port(4320),
  DEMO_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port(8080),
  CONTROL_PORT: port(7070),
  COLLECTORS_API_URL: z.url().optional(),
  CONTROL_API_URL: z.url().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  START_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
});

export interface LaunchPlan {
  uiUrl: string;
  readiness: { collectors: string; demo: string; ui: string };
  /** Variables added to every child's environment (user-set values always win). */
  childEnv: Record<string, string>;
  startTimeoutMs: number;
}

/** A host a client can dial: a wildcard bind address is reached through loopback. */
function dialHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export function planLaunch(env: Record<string, string | undefined>): LaunchPlan {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment for npm start:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const collectorsApi =
    e.COLLECTORS_API_URL ?? `http://${dialHost(e.COLLECTORS_HOST)}:${e.COLLECTORS_API_PORT}`;
  const control = e.CONTROL_API_URL ?? `http://${dialHost(e.DEMO_HOST)}:${e.CONTROL_PORT}`;
  const otlp =
    e.OTEL_EXPORTER_OTLP_ENDPOINT ??
    `http://${dialHost(e.COLLECTORS_HOST)}:${e.COLLECTORS_OTLP_PORT}`;
  const uiUrl = `http://${dialHost(e.UI_HOST)}:${e.UI_PORT}`;
  return {
    uiUrl,
    readiness: {
      collectors: `${collectorsApi}/health`,
      demo: `${control}/health`,
      ui: `${uiUrl}/api/health`,
    },
    childEnv: {
      COLLECTORS_API_URL: collectorsApi,
      CONTROL_API_URL: control,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    },
    startTimeoutMs: e.START_TIMEOUT_SECONDS * 1000,
  };
}

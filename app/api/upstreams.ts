import { z } from 'zod';

/**
 * The Next.js server's view of the processes it proxies. Parsed once, when the first route
 * handler module loads; a bad value fails every proxied request with a message naming it.
 */
const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

const UpstreamEnv = z.object({
  /** The collectors' query API + SSE stream. */
  COLLECTORS_API_URL: HttpUrl.default('http://127.0.0.1:4320'),
  /** The demo-system's control plane (faults, traffic, topology). */
  CONTROL_API_URL: HttpUrl.default('http://127.0.0.1:7070'),
});
export type UpstreamEnv = z.infer<typeof UpstreamEnv>;

export function parseUpstreamEnv(env: Record<string, string | undefined>): UpstreamEnv {
  const result = UpstreamEnv.safeParse({
    COLLECTORS_API_URL: env.COLLECTORS_API_URL || undefined,
    CONTROL_API_URL: env.CONTROL_API_URL || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid UI environment: ${problems}`);
  }
  return result.data;
}

export const upstreams: UpstreamEnv = parseUpstreamEnv(process.env);

import { HttpError } from '../platform/http-errors';

/**
 * The control plane's projection controls: it lists the projections of every running service
 * that serves `GET /projections` (accounts' read models) and forwards pause / resume /
 * rebuild and speed changes to the owning service.
 *
 *   POST /projections/:service/:name/:action   action: pause | resume | rebuild
 *   PUT  /projections/:service/:name/speed     the body is passed on as is
 */

export const PROJECTION_ACTIONS = ['pause', 'resume', 'rebuild'] as const;
export type ProjectionAction = (typeof PROJECTION_ACTIONS)[number];

export interface ProjectionControls {
  service: string;
  name: string;
  controls: ProjectionAction[];
}

export interface ForwardedAnswer {
  status: number;
  body: unknown;
}

const TIMEOUT_MS = 2_000;

/** Every projection of every service in `urls` that lists some (others are skipped). */
export async function listProjections(
  urls: Readonly<Record<string, string>>,
): Promise<ProjectionControls[]> {
  const lists = await Promise.all(
    Object.entries(urls).map(async ([service, url]) => {
      const names = await projectionNames(url).catch(() => []);
      return names.map((name) => ({ service, name, controls: [...PROJECTION_ACTIONS] }));
    }),
  );
  return lists.flat();
}

/** Names from `{ projections: [{ name }] }` or `[{ name }]`; none when the route is absent. */
async function projectionNames(url: string): Promise<string[]> {
  const response = await fetch(`${url}/projections`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) return [];
  const body = (await response.json()) as unknown;
  const list = Array.isArray(body) ? body : (body as { projections?: unknown })?.projections;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p) =>
    typeof (p as { name?: unknown })?.name === 'string' ? [(p as { name: string }).name] : [],
  );
}

/**
 * Forwards a control to `service`'s `/projections/:name/<suffix>`: 404 when the service is
 * not running or does not know the projection, the service's own answer otherwise.
 */
export async function forwardProjectionControl(
  urls: Readonly<Record<string, string>>,
  request: {
    service: string;
    name: string;
    suffix: string;
    method: 'POST' | 'PUT';
    body?: unknown;
  },
): Promise<ForwardedAnswer> {
  const base = urls[request.service];
  if (!base) {
    throw new HttpError(404, 'unknown_service', {
      message: `no running service "${request.service}" with projections`,
      services: Object.keys(urls),
    });
  }
  const target = `${base}/projections/${encodeURIComponent(request.name)}/${request.suffix}`;
  let response: Response;
  try {
    response = await fetch(target, {
      method: request.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body ?? {}),
      signal: AbortSignal.timeout(TIMEOUT_MS * 5),
    });
  } catch (error) {
    throw new HttpError(502, 'service_unreachable', {
      message: `${request.service} did not answer: ${(error as Error).message}`,
    });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // Passed on as text.
  }
  if (response.status === 404) {
    throw new HttpError(404, 'unknown_projection', {
      message: `${request.service} has no projection "${request.name}" (or no such control)`,
      upstream: body,
    });
  }
  return { status: response.status, body };
}

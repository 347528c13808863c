/**
 * Readiness of the UI server itself (scripts/start.ts and Playwright wait on it). It does not
 * call the upstreams: the dashboard is useful, and says so, while they are still starting.
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}

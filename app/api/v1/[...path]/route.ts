import { API_PREFIX } from '../../../../collectors/contracts';
import { forward, type ProxyTarget } from '../../proxy';
import { upstreams } from '../../upstreams';

/** /api/v1/* → the collectors' query API (JSON and the SSE stream), streamed through. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const collectors: ProxyTarget = {
  name: 'collectors',
  baseUrl: upstreams.COLLECTORS_API_URL,
  prefix: API_PREFIX,
};

interface Context {
  params: Promise<{ path: string[] }>;
}

export async function GET(request: Request, context: Context): Promise<Response> {
  const { path } = await context.params;
  return forward(request, collectors, path);
}

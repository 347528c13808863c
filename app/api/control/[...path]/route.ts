import { forward, type ProxyTarget } from '../../proxy';
import { upstreams } from '../../upstreams';

/** /api/control/* → the demo-system's control plane (faults, traffic, topology). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const controlPlane: ProxyTarget = {
  name: 'control plane',
  baseUrl: upstreams.CONTROL_API_URL,
  prefix: '',
};

interface Context {
  params: Promise<{ path: string[] }>;
}

async function handle(request: Request, context: Context): Promise<Response> {
  const { path } = await context.params;
  return forward(request, controlPlane, path);
}

export const GET = handle;
export const PUT = handle;
export const POST = handle;
export const DELETE = handle;

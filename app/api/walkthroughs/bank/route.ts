import { z } from 'zod';
import { BANK_REQUESTS } from '../../../../components/walkthroughs/model/types';
import { upstreams } from '../../upstreams';
import { createBankClient } from './bank-client';

/**
 * POST /api/walkthroughs/bank {request}: sends one of the walkthroughs' bank requests through
 * the gateway, server-side. Always answers 200 with the outcome (the bank's own status inside),
 * so a refused request is a result to show, not a failed fetch; 400 for an unknown request.
 */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Body = z.object({ request: z.enum(BANK_REQUESTS) });
const client = createBankClient({ controlUrl: upstreams.CONTROL_API_URL });

export async function POST(request: Request): Promise<Response> {
  const parsed = Body.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success)
    return Response.json(
      { error: `request must be one of ${BANK_REQUESTS.join(', ')}` },
      { status: 400 },
    );
  try {
    return Response.json(await client.send(parsed.data.request), {
      headers: { 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return Response.json(
      { request: parsed.data.request, status: null, traceId: null, summary: message },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }
}

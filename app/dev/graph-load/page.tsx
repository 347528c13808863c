import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SyntheticGraphView } from '../../../components/graph/SyntheticGraphView';

export const metadata: Metadata = { title: 'Graph load check' };
// Read the environment per request: the route exists only where dev routes are enabled.
export const dynamic = 'force-dynamic';

/**
 * Dev-only: the overview's graph with a synthetic topology (?services=50) updated ?hz=10 times
 * a second, for `npm run bench` and the Playwright smoothness check. 404 in production unless
 * PATTERNSCOPE_DEV_ROUTES=1.
 */
export default async function GraphLoadPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (process.env.NODE_ENV === 'production' && process.env.PATTERNSCOPE_DEV_ROUTES !== '1') {
    notFound();
  }
  const params = await searchParams;
  const number = (value: unknown, fallback: number, max: number) => {
    const n = Number(typeof value === 'string' ? value : Number.NaN);
    return Number.isInteger(n) && n > 0 && n <= max ? n : fallback;
  };
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2 p-4">
      <h1 className="font-semibold text-xl tracking-tight">Graph load check</h1>
      <div className="flex h-[calc(100vh-9rem)] min-h-[28rem] flex-col">
        <SyntheticGraphView
          services={number(params.services, 50, 500)}
          hz={number(params.hz, 10, 60)}
        />
      </div>
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { LoadingState } from '../../../components/charts/StatePanels';
import { findWalkthrough, WALKTHROUGHS } from '../../../components/walkthroughs/content';
import { WalkthroughView } from '../../../components/walkthroughs/WalkthroughView';

interface Props {
  params: Promise<{ slug: string }>;
}

export function generateStaticParams() {
  return WALKTHROUGHS.map((w) => ({ slug: w.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const walkthrough = findWalkthrough((await params).slug);
  return { title: walkthrough ? `${walkthrough.title} · Walkthrough` : 'Walkthrough' };
}

export default async function WalkthroughPage({ params }: Props) {
  const walkthrough = findWalkthrough((await params).slug);
  if (!walkthrough) notFound();
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <nav aria-label="Breadcrumb" className="text-muted text-sm">
        <Link href="/walkthroughs" className="hover:text-fg hover:underline">
          Walkthroughs
        </Link>{' '}
        / <span className="text-fg">{walkthrough.title}</span>
      </nav>
      <div>
        <h1 className="font-semibold text-xl tracking-tight">{walkthrough.title}</h1>
        <p className="max-w-3xl text-muted text-sm">{walkthrough.summary}</p>
      </div>
      {/* The step lives in the URL (useSearchParams), read on the client. */}
      <Suspense fallback={<LoadingState label="Loading the walkthrough…" />}>
        <WalkthroughView walkthrough={walkthrough} />
      </Suspense>
    </div>
  );
}

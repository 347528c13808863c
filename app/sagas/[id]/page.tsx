import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '../../../components/charts/PageHeader';
import { SagaDetail } from '../../../components/sagas/SagaDetail';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Saga ${decodeURIComponent(id)}` };
}

export default async function SagaPage({ params }: Props) {
  const sagaId = decodeURIComponent((await params).id);
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <nav aria-label="Breadcrumb" className="text-muted text-sm">
        <Link href="/sagas" className="hover:text-fg hover:underline">
          Sagas
        </Link>{' '}
        / <span className="font-mono text-fg">{sagaId}</span>
      </nav>
      <PageHeader title="Saga timeline">
        Each bar is one step (a span); striped amber bars are compensations. Click a bar to open its
        span in the trace.
      </PageHeader>
      <SagaDetail sagaId={sagaId} />
    </div>
  );
}

import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageHeader } from '../../components/charts/PageHeader';
import { LoadingState } from '../../components/charts/StatePanels';
import { SagaList } from '../../components/sagas/SagaList';

export const metadata: Metadata = { title: 'Sagas' };

export default function SagasPage() {
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <PageHeader title="Sagas">
        Long-running transactions as a series of local steps, each undone by a compensation when a
        later one fails. Built live from spans that carry the saga.* attributes.
      </PageHeader>
      <Suspense fallback={<LoadingState label="Loading sagas…" />}>
        <SagaList />
      </Suspense>
    </div>
  );
}

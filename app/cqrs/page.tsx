import type { Metadata } from 'next';
import { PageHeader } from '../../components/charts/PageHeader';
import { ConsumerLagSection } from '../../components/cqrs/ConsumerLagSection';
import { CqrsView } from '../../components/cqrs/CqrsView';

export const metadata: Metadata = { title: 'CQRS' };

export default function CqrsPage() {
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <PageHeader title="CQRS projections">
        How far each read model trails the event store: lag in events and in time, how fast it
        catches up, and its checkpoint against the store’s head; below, the event bus’s consumer
        groups and the records each has not consumed yet.
      </PageHeader>
      <CqrsView />
      <ConsumerLagSection />
    </div>
  );
}

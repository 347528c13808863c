import type { Metadata } from 'next';
import { PageHeader } from '../../components/charts/PageHeader';
import { FaultsView } from '../../components/faults/FaultsView';

export const metadata: Metadata = { title: 'Faults' };

export default function FaultsPage() {
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <PageHeader title="Faults">
        Faults active in the system and when each one was active, from the fault.started and
        fault.ended events. Every chart shades these windows.
      </PageHeader>
      <FaultsView />
    </div>
  );
}

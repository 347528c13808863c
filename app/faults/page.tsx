import type { Metadata } from 'next';
import { PageHeader } from '../../components/charts/PageHeader';
import { FaultControlPanel } from '../../components/faults/FaultControlPanel';
import { FaultsView } from '../../components/faults/FaultsView';

export const metadata: Metadata = { title: 'Faults' };

export default function FaultsPage() {
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <PageHeader title="Faults">
        Inject real, reversible faults into the demo bank, and see when each one was active from the
        fault.started and fault.ended events. Every chart shades these windows.
      </PageHeader>
      <FaultControlPanel />
      <h2 className="mt-2 font-semibold text-xl">Seen in telemetry</h2>
      <FaultsView />
    </div>
  );
}

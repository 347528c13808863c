import type { Metadata } from 'next';
import { PageHeader } from '../../components/charts/PageHeader';
import { WALKTHROUGHS } from '../../components/walkthroughs/content';
import { WalkthroughList } from '../../components/walkthroughs/WalkthroughList';

export const metadata: Metadata = { title: 'Walkthroughs' };

export default function WalkthroughsPage() {
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <PageHeader title="Walkthroughs">
        Guided tours of the patterns on the running bank: read why a pattern exists, trigger a
        request or a fault, and watch checks pass only when the live telemetry shows the effect.
      </PageHeader>
      <WalkthroughList walkthroughs={WALKTHROUGHS} />
    </div>
  );
}

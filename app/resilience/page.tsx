import type { Metadata } from 'next';
import { PageHeader } from '../../components/charts/PageHeader';
import { ResilienceView } from '../../components/resilience/ResilienceView';

export const metadata: Metadata = { title: 'Resilience' };

export default function ResiliencePage() {
  return (
    <div className="flex flex-col gap-4 p-4 sm:p-6">
      <PageHeader title="Resilience">
        Every circuit breaker at a glance, as Hystrix shows them: its state, the rolling error rate
        and rejections, and when it changed. Below, the retries, timeouts and rejections of the
        other policies.
      </PageHeader>
      <ResilienceView />
    </div>
  );
}

import Link from 'next/link';
import type { SagaStatus, SagasOverview } from '../../collectors/contracts';
import { SAGA_STATUSES } from './saga-status';

/** Filter chips, one per status with its live count; the filter lives in the URL (?status=). */
export function StatusChips({
  selected,
  overview,
}: {
  selected: SagaStatus | null;
  overview: SagasOverview | null;
}) {
  const chips: { status: SagaStatus | null; label: string; count: number | null }[] = [
    { status: null, label: 'all', count: overview?.total ?? null },
    ...SAGA_STATUSES.map((status) => ({
      status,
      label: status,
      count: overview?.byStatus[status] ?? null,
    })),
  ];
  return (
    <nav aria-label="Filter sagas by status">
      <ul className="flex flex-wrap gap-2">
        {chips.map((chip) => {
          const active = chip.status === selected;
          return (
            <li key={chip.label}>
              <Link
                href={chip.status === null ? '/sagas' : `/sagas?status=${chip.status}`}
                aria-current={active ? 'true' : undefined}
                className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent ${
                  active
                    ? 'border-accent bg-accent/15 font-medium text-fg'
                    : 'border-line bg-surface text-muted hover:text-fg'
                }`}
              >
                {chip.label}
                {chip.count !== null ? (
                  <span className="rounded-full bg-raised px-1.5 text-muted text-xs tabular-nums">
                    {chip.count}
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

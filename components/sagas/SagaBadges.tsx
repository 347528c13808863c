import type { SagaStatus, SagaTimeline } from '../../collectors/contracts';
import { TONE_BADGE } from '../charts/tones';
import { SAGA_STATUS_TONES } from './saga-status';

const BADGE = 'inline-flex items-center gap-1 rounded-full border px-2 py-0.5 font-medium text-xs';

export function SagaStatusBadge({ status }: { status: SagaStatus }) {
  return (
    <span data-testid="saga-status" className={`${BADGE} ${TONE_BADGE[SAGA_STATUS_TONES[status]]}`}>
      {status === 'running' || status === 'compensating' ? (
        <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-current" />
      ) : null}
      {status}
    </span>
  );
}

/** Orchestrated: one service drives every step; choreographed: steps across services. */
export function CoordinationBadge({
  coordination,
}: {
  coordination: SagaTimeline['coordination'];
}) {
  const title =
    coordination === 'orchestrated'
      ? 'Orchestrated: every step runs in one service (an orchestrator drives the saga)'
      : 'Choreographed: steps run across services, handing off by events';
  return (
    <span title={title} className={`${BADGE} ${TONE_BADGE.muted}`}>
      <span aria-hidden="true">{coordination === 'orchestrated' ? '◉' : '⇄'}</span>
      {coordination}
    </span>
  );
}

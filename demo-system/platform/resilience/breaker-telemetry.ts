import { type Attributes, context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { CircuitState } from 'cockatiel';
import {
  breakerAttributes,
  breakerEvents,
  meshAttributes,
} from '../../../collectors/contracts/conventions';
import type { LogLine } from '../service-log';

/** Breaker states as the collectors read them (collectors/processors/breakers.ts). */
export type BreakerStateName = 'closed' | 'open' | 'half_open';

/** Isolated (held open by hand) reads as open: callers are refused either way. */
export function breakerStateName(state: CircuitState): BreakerStateName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half_open';
  return 'open';
}

export interface BreakerTransition {
  /** circuit_breaker.name: the upstream the breaker guards. */
  name: string;
  peer: string;
  from: BreakerStateName;
  to: BreakerStateName;
  atUnixMs: number;
}

export const STATE_CHANGE_SPAN = 'circuit_breaker.state_change';

/**
 * Emits `circuit_breaker.state_change` as an event on the active span: the sidecar span of the
 * call that caused the change (cockatiel changes state only inside a call, and the sidecar
 * runs each call with its span active), so the change links to the trace that tripped it.
 * With no recording span active, a short INTERNAL span of its own carries the event.
 */
export function emitStateChange(tracer: Tracer, transition: BreakerTransition): void {
  const attributes: Attributes = {
    [breakerAttributes.name]: transition.name,
    [breakerAttributes.peer]: transition.peer,
    [breakerAttributes.from]: transition.from,
    [breakerAttributes.to]: transition.to,
  };
  const active = trace.getSpan(context.active());
  if (active?.isRecording()) {
    active.addEvent(breakerEvents.stateChange, attributes, transition.atUnixMs);
    return;
  }
  const span = tracer.startSpan(
    STATE_CHANGE_SPAN,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [meshAttributes.sidecar]: true,
        [meshAttributes.upstream]: transition.peer,
        [breakerAttributes.state]: transition.to,
      },
    },
    context.active(),
  );
  span.addEvent(breakerEvents.stateChange, attributes, transition.atUnixMs);
  span.end();
}

const BREAKER_SAYS: Record<BreakerStateName, { level: LogLine['level']; says: string }> = {
  open: { level: 'warn', says: 'opened: calls are refused at the caller until a trial call' },
  half_open: { level: 'info', says: 'half-open: letting a trial call through' },
  closed: { level: 'info', says: 'closed: calls flow again' },
};

/**
 * The log line of a transition, emitted by the service that owns the breaker. Deliberately no
 * event name: a log record named `circuit_breaker.state_change` counts as the transition
 * itself (README, the telemetry contract), and the span event already reports it once.
 */
export function breakerLogLine(service: string, transition: BreakerTransition): LogLine {
  const { level, says } = BREAKER_SAYS[transition.to];
  return {
    level,
    body: `circuit breaker ${service} -> ${transition.peer} ${says}`,
    attributes: {
      [breakerAttributes.name]: transition.name,
      [breakerAttributes.peer]: transition.peer,
      [breakerAttributes.from]: transition.from,
      [breakerAttributes.to]: transition.to,
    },
  };
}

import type { BatchObservableCallback, Meter, Tracer } from '@opentelemetry/api';
import { cqrsAttributes, cqrsMetrics } from '../../../../collectors/contracts/conventions';
import type { ProjectionRunner } from './runner';

/**
 * The CQRS telemetry the /cqrs dashboard reads (collectors/processors/cqrs.ts):
 * - `eventstore.position`: the head of the accounts event store (no `eventstore.name`: the
 *   store is the service's own);
 * - `projection.position`: each checkpoint, with `projection.name` and `projection.state`;
 * - `projection.lag_ms`: the age of the oldest event a projection has not applied yet.
 * Observable gauges read the runner's cached status (refreshed every second), no I/O.
 * Returns a function that removes the callback (on close).
 */
export function observeProjections(meter: Meter, runner: ProjectionRunner): () => void {
  const head = meter.createObservableGauge(cqrsMetrics.eventstorePosition, {
    description: 'Position of the last event appended to the accounts event store',
    unit: '{event}',
  });
  const position = meter.createObservableGauge(cqrsMetrics.projectionPosition, {
    description: 'Position of the last event a projection applied (its checkpoint)',
    unit: '{event}',
  });
  const lag = meter.createObservableGauge(cqrsMetrics.projectionLagMs, {
    description: 'Age of the oldest event a projection has not applied yet',
    unit: 'ms',
  });
  const observables = [head, position, lag];
  const callback: BatchObservableCallback = (result) => {
    result.observe(head, runner.head);
    for (const status of runner.cachedStatus()) {
      result.observe(position, status.position, {
        [cqrsAttributes.projection]: status.name,
        [cqrsAttributes.state]: status.state,
      });
      result.observe(lag, status.lagMs, { [cqrsAttributes.projection]: status.name });
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  return () => meter.removeBatchObservableCallback(callback, observables);
}

/**
 * Records a projection state change (`projection.paused`, ...) as a span event with
 * `projection.name`, on a short span of its own (a child of the active span: the control
 * request's, when an operator caused it).
 */
export function stateEventRecorder(tracer: Tracer) {
  return (event: string, projection: string): void => {
    const span = tracer.startSpan('projection.state_change', {
      attributes: { [cqrsAttributes.projection]: projection },
    });
    span.addEvent(event, { [cqrsAttributes.projection]: projection });
    span.end();
  };
}

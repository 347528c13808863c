import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { LogLine } from '../../platform/service-log';
import type { SagaInstance } from './saga-state';

/**
 * The log line a step's transition deserves, if any: when the saga starts compensating and
 * when it ends. Pure; the runner emits it inside the step's span, so it lands in the saga's
 * trace. Plain progress (a step done, a retry) is in the spans, not in the log.
 */
export function sagaLogLine(before: SagaInstance, after: SagaInstance): LogLine | undefined {
  if (before.status === after.status) return undefined;
  const { transferId, amountCents } = after.data;
  const what = `transfer ${transferId} (${amountCents} cents)`;
  const why = after.reason ? `: ${after.reason}` : '';
  const attributes = {
    [sagaAttributes.name]: after.name,
    [sagaAttributes.id]: after.id,
    [sagaAttributes.status]: after.status,
    [sagaAttributes.step]: before.step,
  };
  switch (after.status) {
    case 'compensating':
      return {
        level: 'warn',
        eventName: 'saga.compensating',
        body: `${what}: step ${before.step} failed${why}; compensating with ${after.step}`,
        attributes,
      };
    case 'compensated':
      // Refused before anything moved (a debit refused for insufficient funds): a business
      // answer, not an incident.
      if (after.compensations.length === 0) {
        return {
          level: 'info',
          eventName: 'saga.refused',
          body: `${what} refused at ${before.step}${why}; nothing to undo`,
          attributes,
        };
      }
      return {
        level: 'warn',
        eventName: 'saga.compensated',
        body: `${what} compensated${after.reason ? ` (${after.reason})` : ''}: ${after.compensations.join(', ')} ran, no money moved`,
        attributes,
      };
    case 'failed':
      return {
        level: 'error',
        eventName: 'saga.failed',
        body: `${what} failed at ${before.step}${why}; it needs an operator`,
        attributes,
      };
    case 'completed':
      return {
        level: 'info',
        eventName: 'saga.completed',
        body: `${what} completed`,
        attributes,
      };
    default:
      return undefined;
  }
}

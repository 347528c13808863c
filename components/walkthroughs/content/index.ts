import type { Walkthrough } from '../model/types';
import { apiGateway } from './api-gateway';
import { capPartition } from './cap-partition';
import { circuitBreakers } from './circuit-breakers';
import { cqrsEventSourcing } from './cqrs-event-sourcing';
import { eventDriven } from './event-driven';
import { idempotency } from './idempotency';
import { microservicesFaultIsolation } from './microservices-fault-isolation';
import { observability } from './observability';
import { sagas } from './sagas';
import { sidecarMtls } from './sidecar-mtls';

/** Every walkthrough, in the order the list shows them. Adding one: a file and a line here. */
export const WALKTHROUGHS: readonly Walkthrough[] = [
  microservicesFaultIsolation,
  apiGateway,
  sidecarMtls,
  eventDriven,
  sagas,
  cqrsEventSourcing,
  circuitBreakers,
  idempotency,
  capPartition,
  observability,
];

export function findWalkthrough(slug: string): Walkthrough | undefined {
  return WALKTHROUGHS.find((w) => w.slug === slug);
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { FaultEngine } from './engine';
import { registerExperimentRoutes } from './experiments/routes';
import type { ExperimentRunner } from './experiments/runner';
import { FaultRequestError } from './types';

/**
 * The fault API on the control plane:
 *
 *   GET    /faults       { catalog: [{ kind, title, description, targets, paramsSchema, ... }],
 *                          active: [fault with remainingSeconds], history: [ended faults] }
 *   POST   /faults       { kind, target, params?, ttlSeconds? } → 201 the fault
 *                        400 unknown kind / target / parameter (the message lists what is
 *                        allowed), 409 a clashing fault
 *   GET    /faults/:id   one fault (active or in history), 404 when unknown
 *   DELETE /faults/:id   revert it → the ended fault, 404 when unknown
 *   DELETE /faults       revert every active fault → { reverted: [...] }
 */

const idParams = z.object({ id: z.string().min(1).max(100) });

/** What the control plane mounts: the engine, and the experiment runner when there is one. */
export interface FaultControl {
  engine: FaultEngine;
  experiments?: ExperimentRunner;
}

export function registerFaultRoutes(app: FastifyInstance, control: FaultControl | undefined): void {
  if (!control) return;
  const { engine } = control;
  if (control.experiments) registerExperimentRoutes(app, control.experiments);
  app.get('/faults', async () => ({ catalog: await engine.catalog(), ...engine.snapshot() }));
  app.post('/faults', async (request, reply) => {
    try {
      const fault = await engine.inject(request.body);
      reply.code(201);
      return fault;
    } catch (error) {
      return refuse(reply, error);
    }
  });
  app.get('/faults/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return engine.get(id) ?? notFound(reply, id, engine);
  });
  app.delete('/faults/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return (await engine.revert(id)) ?? notFound(reply, id, engine);
  });
  app.delete('/faults', async () => ({ reverted: await engine.revertAll() }));
}

function notFound(reply: FastifyReply, id: string, engine: FaultEngine) {
  reply.code(404);
  return {
    error: 'unknown_fault',
    message: `no fault with id "${id}"`,
    active: engine.snapshot().active.map((f) => f.id),
  };
}

function refuse(reply: FastifyReply, error: unknown) {
  if (!(error instanceof FaultRequestError)) throw error;
  reply.code(error.status);
  return { error: error.code, message: error.message, ...error.details };
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, parseOr400 } from '../../platform/http-errors';
import type { ProjectionRunner, ProjectionStatus } from './projections/runner';

/**
 * The projections' control plane (internal; the control plane or an operator calls it):
 *
 * - GET  /projections                      → [{ name, state, position, head, lagEvents, lagMs, delayMs }]
 * - POST /projections/:name/pause|resume|rebuild → the projection's status
 * - PUT  /projections/:name/speed { delayMs }    → slow mode (0 = full speed), at most 10 s
 *
 * An unknown projection answers 404 `projection_not_found` with the known names.
 */
const nameParams = z.object({ name: z.string().min(1).max(100) });
const actionParams = nameParams.extend({ action: z.enum(['pause', 'resume', 'rebuild']) });
const speedBody = z.object({ delayMs: z.number().int().min(0).max(10_000) });

export function registerProjectionRoutes(app: FastifyInstance, runner: ProjectionRunner): void {
  const known = (name: string): void => {
    if (!runner.has(name)) {
      throw new HttpError(404, 'projection_not_found', {
        message: `no projection named ${name}`,
        projections: runner.names,
      });
    }
  };

  app.get('/projections', () => runner.status());

  app.post('/projections/:name/:action', async (request) => {
    const { name, action } = parseOr400(actionParams, request.params);
    known(name);
    const status: ProjectionStatus =
      action === 'pause'
        ? await runner.pause(name)
        : action === 'resume'
          ? runner.resume(name)
          : runner.rebuild(name);
    return status;
  });

  app.put('/projections/:name/speed', async (request) => {
    const { name } = parseOr400(nameParams, request.params);
    known(name);
    const { delayMs } = parseOr400(speedBody, request.body);
    return runner.setDelay(name, delayMs);
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invariantReader } from './evidence';
import type { ExperimentRunner } from './runner';

/**
 * Experiments on the control plane:
 *
 *   GET  /experiments        { scenarios: [{ name, description, defaultDurationSeconds }], runs }
 *   POST /experiments        { name, seed?, durationSeconds? } → 202 the run (status running)
 *   GET  /experiments/:id    the run: progress, steps with their fault ids, samples, checks
 */

const bodySchema = z
  .object({
    name: z.string().min(1).max(100),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    durationSeconds: z.number().int().min(10).max(3_600).optional(),
  })
  .strict();

export function registerExperimentRoutes(app: FastifyInstance, runner: ExperimentRunner): void {
  app.get('/experiments', async () => ({ scenarios: runner.scenarios(), runs: runner.list() }));
  app.post('/experiments', async (request, reply) => {
    const body = bodySchema.safeParse(request.body ?? {});
    if (!body.success) {
      return reply.code(400).send({
        error: 'invalid_request',
        message: body.error.issues
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; '),
        allowedFields: ['name', 'seed', 'durationSeconds'],
      });
    }
    const scenario = runner.scenario(body.data.name);
    if (!scenario) {
      const names = runner.scenarios().map((s) => s.name);
      return reply.code(400).send({
        error: 'unknown_scenario',
        message: `unknown scenario "${body.data.name}"; allowed: ${names.join(', ')}`,
        scenarios: names,
      });
    }
    // The invariant is read from this very control plane, as the caller reached it.
    const self = `${request.protocol}://${request.host}`;
    const { view } = await runner.start(
      {
        name: scenario.name,
        seed: body.data.seed ?? Math.floor(Math.random() * 2 ** 31),
        durationSeconds: body.data.durationSeconds ?? scenario.defaultDurationSeconds,
      },
      invariantReader(self, request.headers.authorization),
    );
    return reply.code(202).send(view);
  });
  app.get('/experiments/:id', async (request, reply) => {
    const { id } = z.object({ id: z.string().min(1).max(100) }).parse(request.params);
    const run = runner.get(id);
    if (!run) {
      return reply
        .code(404)
        .send({ error: 'unknown_experiment', message: `no experiment "${id}"` });
    }
    return run;
  });
}

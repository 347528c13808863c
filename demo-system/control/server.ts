import { z } from 'zod';
import { HttpError, parseOr400 } from '../platform/http-errors';
import { createServiceApp, type Listening, listen } from '../platform/http-server';
import type { FaultRule } from '../platform/sidecar/fault-rules';
import { assertControlExposure, requireBearer } from './control-auth';
import { type FaultControl, registerFaultRoutes } from './faults/routes';
import { AuditUnavailableError, readInvariant } from './invariant/read-audits';
import { forwardProjectionControl, listProjections, PROJECTION_ACTIONS } from './projections';
import type { Topology, TopologyAnswer } from './topology';
import type { TrafficGenerator } from './traffic/generator';
import { mergeWeights, trafficBodySchema } from './traffic-body';

/**
 * The control plane: how the dashboard sees and steers the running demo. Not part of the
 * bank, so it is not traced.
 *
 *   GET    /health                 ok once every service and sidecar listens (it starts last)
 *   GET    /topology               services, sidecars, ports, policies, fault rules, and the
 *                                   projections it can steer: [{ service, name, controls }]
 *   GET    /invariant              the money invariant (ADR 0006): 200 { ok, checkedAt,
 *                                   figures, violations: [{ rule, detail }] } even when not ok,
 *                                   503 when a service's audit cannot be read;
 *                                   ?stuckAfterMs= overrides the bound on unfinished sagas
 *   GET    /projections            the projections and their controls
 *   POST   /projections/:service/:name/:action   pause | resume | rebuild (to the service)
 *   PUT    /projections/:service/:name/speed     { ... } passed on to the service
 *   GET    /traffic                rate, scenario mix and counters of the traffic generator
 *   PUT    /traffic                { ratePerSecond?, weights? }
 *   GET    /mesh/:service/faults   the inbound fault rules of a service's sidecar
 *   PUT    /mesh/:service/faults   replace them: [rule, ...] or { rules: [...] }
 *   DELETE /mesh/:service/faults   clear them
 *   GET|POST|DELETE /faults[/:id]  fault injection: catalog, active, history (faults/routes.ts)
 *   GET|POST /experiments[/:id]    faults on a schedule + a steady-state hypothesis
 *
 * With `token` every route but GET /health needs `Authorization: Bearer <token>`; without
 * one it binds to loopback only.
 */

/** A sidecar's fault rules, as the control plane may change them. */
export interface MeshFaults {
  list(): FaultRule[];
  /** Validates (faultRulesSchema) and replaces every rule; throws naming each bad field. */
  set(rules: unknown): FaultRule[];
  clear(): void;
}

export interface ControlPlaneOptions {
  host: string;
  port: number;
  /** CONTROL_TOKEN; required when `host` is not loopback. */
  token?: string;
  /** Names of the services (and sidecars) running: all listen before the control plane. */
  services: readonly string[];
  topology: () => Topology;
  /** The fault rules of `service`'s sidecar, or undefined when it has no mesh port. */
  faults: (service: string) => MeshFaults | undefined;
  traffic: TrafficGenerator;
  /** The fault engine and experiments behind /faults, /experiments (faults/routes.ts). */
  faultControl?: FaultControl;
  /**
   * Each running service's own base URL (loopback behind its sidecar), by name: where the
   * control plane reads audits and projections. Default none.
   */
  serviceUrls?: Readonly<Record<string, string>>;
  /** GET /invariant's default bound on how long a saga may stay unfinished (default 60 s). */
  stuckAfterMs?: number;
}

export interface ControlPlane extends Listening {
  close(): Promise<void>;
}

const serviceParams = z.object({ service: z.string().min(1).max(100) });
const projectionParams = z.object({
  service: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
});
const actionParams = projectionParams.extend({
  action: z.enum(PROJECTION_ACTIONS, {
    error: `must be one of ${PROJECTION_ACTIONS.join(', ')}`,
  }),
});
const invariantQuery = z.object({
  stuckAfterMs: z.coerce.number().int().min(0).max(86_400_000).optional(),
});
export const DEFAULT_STUCK_AFTER_MS = 60_000;

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  assertControlExposure(options.host, options.token);
  const services = [...options.services];
  // Started after every service of the bank and its sidecar listen, so reachable means ready.
  const app = createServiceApp({
    serviceName: 'control',
    health: () => ({ status: 'ok', services }),
  });
  if (options.token) requireBearer(app, options.token);
  registerFaultRoutes(app, options.faultControl);

  const serviceUrls = options.serviceUrls ?? {};
  app.get(
    '/topology',
    async (): Promise<TopologyAnswer> => ({
      ...options.topology(),
      projections: await listProjections(serviceUrls),
    }),
  );

  app.get('/invariant', async (request, reply) => {
    const query = parseOr400(invariantQuery, request.query);
    try {
      return await readInvariant({
        urls: serviceUrls,
        stuckAfterMs: query.stuckAfterMs ?? options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS,
      });
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      return reply.code(503).send({
        error: 'audit_unavailable',
        service: error.service,
        message: `the invariant cannot be checked: ${error.message}`,
      });
    }
  });

  app.get('/projections', async () => ({ projections: await listProjections(serviceUrls) }));
  app.post('/projections/:service/:name/:action', async (request, reply) => {
    const params = parseOr400(actionParams, request.params);
    const answer = await forwardProjectionControl(serviceUrls, {
      service: params.service,
      name: params.name,
      suffix: params.action,
      method: 'POST',
      body: request.body,
    });
    return reply.code(answer.status).send(answer.body);
  });
  app.put('/projections/:service/:name/speed', async (request, reply) => {
    const params = parseOr400(projectionParams, request.params);
    const answer = await forwardProjectionControl(serviceUrls, {
      service: params.service,
      name: params.name,
      suffix: 'speed',
      method: 'PUT',
      body: request.body,
    });
    return reply.code(answer.status).send(answer.body);
  });

  app.get('/traffic', async () => options.traffic.state());
  app.put('/traffic', async (request) => {
    const body = parseOr400(trafficBodySchema, request.body);
    if (body.weights) {
      const merged = mergeWeights(options.traffic.state().weights, body.weights);
      if (typeof merged === 'string') {
        throw new HttpError(400, 'invalid_request', { message: merged });
      }
      options.traffic.setWeights(merged);
    }
    if (body.ratePerSecond !== undefined) options.traffic.setRate(body.ratePerSecond);
    return options.traffic.state();
  });

  const faultsOf = (params: unknown): MeshFaults => {
    const { service } = parseOr400(serviceParams, params);
    const faults = options.faults(service);
    if (!faults) {
      throw new HttpError(404, 'unknown_service', {
        message: `no sidecar with a mesh port for "${service}"`,
        services: services.filter((name) => options.faults(name)),
      });
    }
    return faults;
  };
  app.get('/mesh/:service/faults', async (request) => ({ rules: faultsOf(request.params).list() }));
  app.put('/mesh/:service/faults', async (request) => {
    const faults = faultsOf(request.params);
    const body = request.body as { rules?: unknown } | unknown[] | null;
    const rules = Array.isArray(body) ? body : (body?.rules ?? body);
    try {
      return { rules: faults.set(rules) };
    } catch (error) {
      throw new HttpError(400, 'invalid_request', { message: (error as Error).message });
    }
  });
  app.delete('/mesh/:service/faults', async (request) => {
    faultsOf(request.params).clear();
    return { rules: [] };
  });

  const bound = await listen(app, options.host, options.port);
  return { ...bound, close: () => app.close() };
}

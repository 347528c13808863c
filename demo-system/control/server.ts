import { z } from 'zod';
import { HttpError, parseOr400 } from '../platform/http-errors';
import { createServiceApp, type Listening, listen } from '../platform/http-server';
import type { FaultRule } from '../platform/sidecar/fault-rules';
import { assertControlExposure, requireBearer } from './control-auth';
import type { Topology } from './topology';
import type { TrafficGenerator } from './traffic/generator';
import { mergeWeights, trafficBodySchema } from './traffic-body';

/**
 * The control plane: how the dashboard sees and steers the running demo. Not part of the
 * bank, so it is not traced.
 *
 *   GET    /health                 ok once every service and sidecar listens (it starts last)
 *   GET    /topology               services, sidecars, ports, policies, fault rules
 *   GET    /traffic                rate, scenario mix and counters of the traffic generator
 *   PUT    /traffic                { ratePerSecond?, weights? }
 *   GET    /mesh/:service/faults   the inbound fault rules of a service's sidecar
 *   PUT    /mesh/:service/faults   replace them: [rule, ...] or { rules: [...] }
 *   DELETE /mesh/:service/faults   clear them
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
}

export interface ControlPlane extends Listening {
  close(): Promise<void>;
}

const serviceParams = z.object({ service: z.string().min(1).max(100) });

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  assertControlExposure(options.host, options.token);
  const services = [...options.services];
  // Started after every service of the bank and its sidecar listen, so reachable means ready.
  const app = createServiceApp({
    serviceName: 'control',
    health: () => ({ status: 'ok', services }),
  });
  if (options.token) requireBearer(app, options.token);

  app.get('/topology', async () => options.topology());

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

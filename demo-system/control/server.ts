import { z } from 'zod';
import { parseOr400 } from '../platform/http-errors';
import { createServiceApp, type Listening, listen } from '../platform/http-server';
import { MAX_TRAFFIC_RATE, type TrafficGenerator } from './traffic/generator';

/**
 * The control plane: how the dashboard sees and steers the running demo. Not part of the
 * bank, so it is not traced.
 */

export interface TopologyEntry {
  name: string;
  url: string;
  port: number;
}

export interface ControlPlaneOptions {
  host: string;
  port: number;
  /** The bank's services, all listening by the time the control plane starts. */
  services: readonly TopologyEntry[];
  traffic: TrafficGenerator;
}

const trafficBody = z.object({
  ratePerSecond: z.number().min(0).max(MAX_TRAFFIC_RATE),
});

export async function startControlPlane(
  options: ControlPlaneOptions,
): Promise<Listening & { close(): Promise<void> }> {
  const services = options.services.map((service) => ({ ...service }));
  // Started after every service of the bank listens, so reachable means ready.
  const app = createServiceApp({
    serviceName: 'control',
    health: () => ({ status: 'ok', services: services.map((s) => s.name) }),
  });

  app.get('/topology', async () => ({ services }));
  app.get('/traffic', async () => options.traffic.state());
  app.put('/traffic', async (request) => {
    const { ratePerSecond } = parseOr400(trafficBody, request.body);
    return options.traffic.setRate(ratePerSecond);
  });

  const bound = await listen(app, options.host, options.port);
  return { ...bound, close: () => app.close() };
}

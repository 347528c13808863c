import type { ServiceTelemetry } from './telemetry';

/** What every started service hands back to whoever started it. */
export interface RunningService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, then flushes the telemetry the service created itself. */
  close(): Promise<void>;
}

export interface ServiceStartOptions {
  host: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  otlpEndpoint: string;
  /**
   * The service's telemetry, shared with its sidecar (the platform creates one per service and
   * flushes it after both closed). Without it the service creates and stops its own; use
   * `telemetryFor(options, NAME)` from platform/telemetry.ts.
   */
  telemetry?: ServiceTelemetry;
}

/** What every started service hands back to whoever started it. */
export interface RunningService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, then flushes the service's telemetry. */
  close(): Promise<void>;
}

export interface ServiceStartOptions {
  host: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  otlpEndpoint: string;
}

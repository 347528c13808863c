import type { TelemetryPipeline } from '../pipeline';

/** What the query API reads: the pipeline's processors and counters (read only by convention). */
export type QuerySource = Pick<
  TelemetryPipeline,
  | 'clock'
  | 'store'
  | 'traces'
  | 'graph'
  | 'red'
  | 'sagas'
  | 'breakers'
  | 'faults'
  | 'services'
  | 'ingestCounters'
>;

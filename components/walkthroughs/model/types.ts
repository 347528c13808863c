import type {
  BreakerState,
  NodeKind,
  ProjectionState,
  SagaStatus,
} from '../../../collectors/contracts';

/**
 * A guided walkthrough is typed data: adding one means adding a file to `content/` and a line
 * to its index. Everything the UI does (actions, checks) is described here and carried out by
 * the runner; checks are evaluated by pure functions (checks.ts) against the collectors' query
 * API and the control plane's invariant.
 */

/** Node ids (`payments`, `topic:payments.events`, `user`) and edge ids (`a->b`) on the graph. */
export interface Highlight {
  nodes: readonly string[];
  edges: readonly string[];
}

/** A fault to inject through the control plane (`POST /api/control/faults`). */
export interface FaultSpec {
  kind: string;
  target: string;
  params?: Readonly<Record<string, unknown>>;
  /** Every fault reverts itself after its TTL; a walkthrough keeps them short. */
  ttlSeconds: number;
}

/** The requests the bank route handler (app/api/walkthroughs/bank) can send for the user. */
export const BANK_REQUESTS = [
  'transfer',
  'external-transfer',
  'refused-external-transfer',
  'no-token',
  'burst',
  'overview',
  'loan',
] as const;
export type BankRequest = (typeof BANK_REQUESTS)[number];

export type Action =
  | { id: string; kind: 'fault'; label: string; fault: FaultSpec }
  /** Reverts this walkthrough's active faults and restores the traffic it changed. */
  | { id: string; kind: 'revert'; label: string }
  | {
      id: string;
      kind: 'traffic';
      label: string;
      /** Merged into the generator's current state; "revert" restores the state before. */
      change: { ratePerSecond?: number; weights?: Readonly<Record<string, number>> };
    }
  | {
      id: string;
      kind: 'projection';
      label: string;
      service: string;
      name: string;
      action: 'pause' | 'resume' | 'rebuild';
    }
  | { id: string; kind: 'bank'; label: string; request: BankRequest };

/** What a check expects of the live system. `since` is when the step was entered. */
export type Expectation =
  /** An edge of the service graph carried at least `minRequests` in the window. */
  | { type: 'edge-traffic'; edge: string; minRequests: number }
  /** An edge has at least `minErrors` failed requests in the window. */
  | { type: 'edge-errors'; edge: string; minErrors: number }
  /** An edge carries traffic with an error rate at most `maxErrorRate`. */
  | { type: 'edge-healthy'; edge: string; minRequests: number; maxErrorRate: number }
  /** An edge's p95 latency is at least `minP95Ms`. */
  | { type: 'edge-latency'; edge: string; minP95Ms: number }
  /** The graph shows at least `min` nodes of a kind. */
  | { type: 'node-count'; kind: NodeKind; min: number }
  /** A breaker (`service/name`) is in one of `states` now. */
  | { type: 'breaker-state'; key: string; states: readonly BreakerState[] }
  /** A breaker moved to `open` after the step began. */
  | { type: 'breaker-opened'; key: string }
  /** The retry/timeout counters of `service/target` rose in the recent window. */
  | {
      type: 'resilience';
      key: string;
      counter: 'retries' | 'timeouts' | 'bulkheadRejections' | 'rateLimitRejections';
      min: number;
    }
  /** At least `min` sagas matching, updated after the step began. */
  | {
      type: 'saga';
      name?: string;
      coordination?: 'orchestrated' | 'choreographed';
      statuses: readonly SagaStatus[];
      min: number;
    }
  /** A projection (`service/name`) in one of `states`, with its lag within bounds. */
  | {
      type: 'projection';
      key: string;
      states: readonly ProjectionState[];
      minLagEvents?: number;
      maxLagEvents?: number;
      /** Its state changed after the step began (e.g. a rebuild that finished). */
      changedSinceStep?: boolean;
    }
  /** The collectors saw a fault (from its `fault.started` / `fault.ended` records). */
  | { type: 'fault'; kind: string; target: string; state: 'active' | 'ended' }
  /** At least `min` traces started after the step began matching the search. */
  | {
      type: 'traces';
      service?: string;
      attributes?: readonly string[];
      status?: 'ok' | 'error';
      /** Only traces at least this long. */
      minDurationMs?: number;
      min: number;
    }
  /** The trace of the step's last bank request spans these services. */
  | { type: 'trace-services'; services: readonly string[] }
  /** At least `min` log records (of `service`, named `eventName`) after the step began. */
  | { type: 'logs'; service?: string; eventName?: string; min: number }
  /** RED: a service served at least `minRequests` in the window. */
  | { type: 'red'; service: string; minRequests: number }
  /** The money invariant holds (control plane `GET /invariant`). */
  | { type: 'invariant' };

export type ExpectationType = Expectation['type'];

export interface Check {
  id: string;
  /** What passes, in words: "the payments→partner-bank breaker is open". */
  label: string;
  expect: Expectation;
  /** Give up (failed, with the hint) after this long. */
  timeoutMs: number;
  /** Shown when the check does not pass in time: what to look at, what to try. */
  hint: string;
}

export interface Step {
  id: string;
  title: string;
  /** Short paragraphs: why the pattern exists, its trade-offs. */
  body: readonly string[];
  /** What to watch on the graph and the other views while the step runs. */
  watch: string;
  highlight: Highlight;
  actions: readonly Action[];
  checks: readonly Check[];
  /** Related dashboard views. */
  links?: readonly { href: string; label: string }[];
}

export interface Walkthrough {
  slug: string;
  title: string;
  /** The pattern or challenge, in one line (the list shows it). */
  summary: string;
  minutes: number;
  steps: readonly Step[];
}

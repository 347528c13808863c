import type {
  BreakersResponse,
  CqrsSnapshot,
  FaultsSnapshot,
  GraphSnapshot,
  SagasOverview,
  StreamMessage,
} from '../../collectors/contracts';
import type { ConnectionState } from './connection';

/** Everything the live stream has told this page, plus the state of the connection. */
export interface LiveState {
  connection: ConnectionState;
  /** Unix ms when the browser last received a message (any known type). */
  lastMessageAtMs: number | null;
  /** Latest service graph, or null before the first one arrives. */
  graph: GraphSnapshot | null;
  /** Latest pattern snapshots (each replaces the one before), null until the first arrives. */
  sagas: SagasOverview | null;
  breakers: BreakersResponse | null;
  faults: FaultsSnapshot | null;
  cqrs: CqrsSnapshot | null;
  collectorVersion: string | null;
}

export const INITIAL_LIVE_STATE: LiveState = {
  connection: 'connecting',
  lastMessageAtMs: null,
  graph: null,
  sagas: null,
  breakers: null,
  faults: null,
  cqrs: null,
  collectorVersion: null,
};

/** Folds a batch of messages (one animation frame's worth) into the state. */
export function applyMessages(
  state: LiveState,
  messages: readonly StreamMessage[],
  receivedAtMs: number,
): LiveState {
  if (messages.length === 0) return state;
  let { graph, sagas, breakers, faults, cqrs, collectorVersion } = state;
  for (const message of messages) {
    switch (message.type) {
      case 'hello':
        collectorVersion = message.data.collectorVersion;
        break;
      case 'graph':
        // Snapshots are complete: the last one to arrive replaces everything before it.
        graph = message.data;
        break;
      case 'sagas':
        sagas = message.data;
        break;
      case 'breakers':
        breakers = message.data;
        break;
      case 'faults':
        faults = message.data;
        break;
      case 'cqrs':
        cqrs = message.data;
        break;
    }
  }
  return {
    ...state,
    graph,
    sagas,
    breakers,
    faults,
    cqrs,
    collectorVersion,
    lastMessageAtMs: receivedAtMs,
  };
}

import type { GraphSnapshot, StreamMessage } from '../../collectors/contracts';
import type { ConnectionState } from './connection';

/** Everything the live stream has told this page, plus the state of the connection. */
export interface LiveState {
  connection: ConnectionState;
  /** Unix ms when the browser last received a message (any known type). */
  lastMessageAtMs: number | null;
  /** Latest service graph, or null before the first one arrives. */
  graph: GraphSnapshot | null;
  collectorVersion: string | null;
}

export const INITIAL_LIVE_STATE: LiveState = {
  connection: 'connecting',
  lastMessageAtMs: null,
  graph: null,
  collectorVersion: null,
};

/** Folds a batch of messages (one animation frame's worth) into the state. */
export function applyMessages(
  state: LiveState,
  messages: readonly StreamMessage[],
  receivedAtMs: number,
): LiveState {
  if (messages.length === 0) return state;
  let { graph, collectorVersion } = state;
  for (const message of messages) {
    switch (message.type) {
      case 'hello':
        collectorVersion = message.data.collectorVersion;
        break;
      case 'graph':
        // Snapshots are complete: the last one to arrive replaces everything before it.
        graph = message.data;
        break;
    }
  }
  return { ...state, graph, collectorVersion, lastMessageAtMs: receivedAtMs };
}

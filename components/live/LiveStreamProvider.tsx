'use client';

import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { apiRoutes, type StreamMessage } from '../../collectors/contracts';
import { type ConnectionState, reconnectDelayMs, stateAfterFailure } from './connection';
import { type HistoryKey, RedHistory, type RedSample } from './history';
import { applyMessages, INITIAL_LIVE_STATE, type LiveState } from './live-state';
import { KNOWN_MESSAGE_TYPES, parseStreamData } from './parse';

interface LiveContextValue extends LiveState {
  /** Drop any pending retry and connect again now (the "Retry now" button). */
  reconnectNow: () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);
/** One history per page load; recording happens beside the state, never through it. */
const HistoryContext = createContext<RedHistory>(new RedHistory());

/**
 * The RED samples the stream delivered for one key since the page loaded (oldest first);
 * re-renders only when that key gets a new sample. A null key subscribes to nothing.
 */
export function useRedHistory(key: HistoryKey | null): readonly RedSample[] {
  const history = useContext(HistoryContext);
  const read = () => (key === null ? NO_SAMPLES : history.get(key));
  return useSyncExternalStore(history.subscribe, read, () => NO_SAMPLES);
}
const NO_SAMPLES: readonly RedSample[] = [];

/** The page's RED history itself, for the one caller that seeds it (useServerRedHistory). */
export function useRedHistoryStore(): RedHistory {
  return useContext(HistoryContext);
}

/** The live stream as this page sees it. Must be used under <LiveStreamProvider>. */
export function useLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (value === null) throw new Error('useLive must be used inside <LiveStreamProvider>');
  return value;
}

/**
 * Owns the page's one EventSource to the collectors' stream (through the Next.js proxy).
 * Messages are parsed against the contract and folded into state once per animation frame;
 * the stream is closed while the tab is hidden, reconnects with backoff after an error, and is
 * closed when the provider unmounts.
 */
export function LiveStreamProvider({
  children,
  url = apiRoutes.stream,
}: {
  children: ReactNode;
  url?: string;
}) {
  const [state, setState] = useState<LiveState>(INITIAL_LIVE_STATE);
  const [attempt, setAttempt] = useState(0);
  const [history] = useState(() => new RedHistory());

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` only triggers a fresh connection
  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let frame: number | undefined;
    let pending: StreamMessage[] = [];
    let lastReceivedAtMs = 0;
    let failures = 0;
    let warnedInvalid = false;

    const setConnection = (connection: ConnectionState) =>
      setState((current) =>
        current.connection === connection ? current : { ...current, connection },
      );

    const flush = () => {
      frame = undefined;
      const batch = pending;
      pending = [];
      setState((current) => applyMessages(current, batch, lastReceivedAtMs));
    };

    const onMessage = (event: MessageEvent<string>) => {
      const parsed = parseStreamData(event.data);
      if (parsed.ok) {
        history.recordMessage(parsed.message);
        pending.push(parsed.message);
        lastReceivedAtMs = Date.now();
        frame ??= requestAnimationFrame(flush);
      } else if (parsed.reason === 'invalid' && !warnedInvalid) {
        warnedInvalid = true;
        console.warn(
          `[live stream] ignoring messages that break the contract (${parsed.detail}); further ones are ignored silently`,
        );
      }
    };

    const close = () => {
      if (source === null) return;
      source.close();
      source = null;
    };

    const open = () => {
      retryTimer = undefined;
      const next = new EventSource(url);
      source = next;
      next.addEventListener('open', () => {
        failures = 0;
        setConnection('live');
      });
      // The collectors name each SSE event after its type; unnamed events arrive as 'message'.
      for (const type of [...KNOWN_MESSAGE_TYPES, 'message']) {
        next.addEventListener(type, onMessage as EventListener);
      }
      next.addEventListener('error', () => {
        // Take over from the browser's own retry so every failure gets the same backoff.
        close();
        failures += 1;
        setConnection(stateAfterFailure(failures));
        retryTimer = setTimeout(open, reconnectDelayMs(failures, Math.random));
      });
    };

    const stop = () => {
      close();
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      if (frame !== undefined) {
        cancelAnimationFrame(frame);
        flush();
      }
    };

    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') {
        stop();
        setConnection('paused');
      } else if (source === null && retryTimer === undefined) {
        failures = 0;
        setConnection('connecting');
        open();
      }
    };

    setConnection('connecting');
    if (document.visibilityState === 'hidden') setConnection('paused');
    else open();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      document.removeEventListener('visibilitychange', onVisibilityChange);
      stop();
    };
  }, [url, attempt, history]);

  const value = useMemo<LiveContextValue>(
    () => ({ ...state, reconnectNow: () => setAttempt((n) => n + 1) }),
    [state],
  );
  return (
    <HistoryContext.Provider value={history}>
      <LiveContext.Provider value={value}>{children}</LiveContext.Provider>
    </HistoryContext.Provider>
  );
}

'use client';

import { formatAge } from './age';
import { CONNECTION_LABELS, type ConnectionState } from './connection';
import { useLive } from './LiveStreamProvider';
import { useNow } from './use-now';

const DOT_CLASSES: Record<ConnectionState, string> = {
  connecting: 'bg-warn animate-pulse',
  live: 'bg-healthy',
  reconnecting: 'bg-warn animate-pulse',
  offline: 'bg-critical',
  paused: 'bg-muted',
};

/** Header badge: the stream's state in words (a live region) and the age of the last message. */
export function ConnectionIndicator() {
  const { connection, lastMessageAtMs } = useLive();
  const now = useNow();
  const age =
    lastMessageAtMs === null
      ? 'no messages yet'
      : `last message ${formatAge(now - lastMessageAtMs)}`;

  return (
    <div className="flex items-center gap-2 rounded-full border border-line bg-surface px-3 py-1 text-xs">
      <span aria-hidden="true" className={`size-2 rounded-full ${DOT_CLASSES[connection]}`} />
      <span
        role="status"
        aria-label="Live stream"
        aria-live="polite"
        data-testid="connection-state"
        data-state={connection}
        className="font-medium text-fg"
      >
        {CONNECTION_LABELS[connection]}
      </span>
      <span className="text-muted" data-testid="last-message-age" suppressHydrationWarning>
        {age}
      </span>
    </div>
  );
}

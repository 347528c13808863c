'use client';

import { useState } from 'react';
import { controlUrl, type ProjectionControlAction } from './projection-view';

/** Pause/resume/rebuild, sent to the control plane; only rendered when it offers them. */
export function ProjectionControls({
  projectionKey,
  actions,
}: {
  projectionKey: string;
  actions: readonly ProjectionControlAction[];
}) {
  const [pending, setPending] = useState<ProjectionControlAction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const send = async (action: ProjectionControlAction) => {
    setPending(action);
    setMessage(null);
    try {
      const response = await fetch(controlUrl(projectionKey, action), { method: 'POST' });
      setMessage(response.ok ? `${action} sent` : `${action} refused: ${response.status}`);
    } catch (error) {
      setMessage(`${action} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setPending(null);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          disabled={pending !== null}
          onClick={() => void send(action)}
          className="rounded-md border border-line bg-raised px-3 py-1 text-sm capitalize hover:border-accent disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-accent"
        >
          {action}
        </button>
      ))}
      {message ? (
        <span role="status" className="text-muted text-xs">
          {message}
        </span>
      ) : null}
    </div>
  );
}

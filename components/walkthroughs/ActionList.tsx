'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Action, Walkthrough } from './model/types';
import { type ActionResult, runAction } from './runner/actions';

const KIND_TEXT: Record<Action['kind'], string> = {
  fault: 'fault',
  revert: 'revert',
  traffic: 'traffic',
  projection: 'projection',
  bank: 'request',
};

const sessionStore = {
  get: (key: string) => window.sessionStorage.getItem(key),
  set: (key: string, value: string) => window.sessionStorage.setItem(key, value),
  remove: (key: string) => window.sessionStorage.removeItem(key),
};

/** The step's actions as buttons, each with its outcome beside it. */
export function ActionList({
  walkthrough,
  actions,
  onDone,
}: {
  walkthrough: Walkthrough;
  actions: readonly Action[];
  onDone: (action: Action, result: ActionResult) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, ActionResult>>({});
  if (actions.length === 0)
    return <p className="text-muted text-sm">Nothing to trigger here: watch the live system.</p>;
  return (
    <section aria-label="Actions" className="flex flex-col gap-2">
      <h3 className="font-medium text-sm">Try it</h3>
      <ul className="flex flex-col gap-2">
        {actions.map((action) => {
          const result = results[action.id];
          return (
            <li key={action.id} className="flex flex-wrap items-center gap-2 text-sm">
              <button
                type="button"
                data-testid="walkthrough-action"
                data-action={action.id}
                disabled={busy !== null}
                onClick={async () => {
                  setBusy(action.id);
                  const outcome = await runAction(action, walkthrough, { store: sessionStore });
                  setResults((r) => ({ ...r, [action.id]: outcome }));
                  setBusy(null);
                  onDone(action, outcome);
                }}
                className={`rounded-md border px-3 py-1.5 font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-wait disabled:opacity-60 ${
                  action.kind === 'revert'
                    ? 'border-line hover:bg-raised'
                    : 'border-accent/60 text-accent hover:bg-accent/10'
                }`}
              >
                <span className="sr-only">{KIND_TEXT[action.kind]}: </span>
                {busy === action.id ? 'Working…' : action.label}
              </button>
              {result ? (
                <span
                  data-testid="walkthrough-action-result"
                  data-action={action.id}
                  data-ok={result.ok ? 'true' : 'false'}
                  className={`text-xs ${result.ok ? 'text-muted' : 'text-critical'}`}
                >
                  {result.message}
                  {result.traceId ? (
                    <>
                      {' · '}
                      <Link
                        href={`/traces/${result.traceId}`}
                        className="text-accent hover:underline"
                      >
                        open its trace
                      </Link>
                    </>
                  ) : null}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

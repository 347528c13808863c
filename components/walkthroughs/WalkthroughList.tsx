'use client';

import Link from 'next/link';
import { stepHref, summarize, withoutWalkthrough } from './model/progress';
import type { Walkthrough } from './model/types';
import { useProgress } from './runner/use-progress';

const STATE_TEXT = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
};

export function WalkthroughList({ walkthroughs }: { walkthroughs: readonly Walkthrough[] }) {
  const { progress, loaded, update } = useProgress();
  if (walkthroughs.length === 0)
    return (
      <p
        data-testid="empty-state"
        className="rounded-lg border border-line border-dashed p-6 text-sm"
      >
        No walkthroughs yet: add a file to components/walkthroughs/content.
      </p>
    );
  const completed = walkthroughs.filter(
    (w) => summarize(w, progress[w.slug]).state === 'completed',
  ).length;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-muted text-sm" aria-live="polite">
        {loaded ? `${completed} of ${walkthroughs.length} completed` : 'Reading your progress…'}
      </p>
      <ol className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {walkthroughs.map((walkthrough, index) => {
          const summary = summarize(walkthrough, progress[walkthrough.slug]);
          const percent = Math.round((summary.done / summary.total) * 100);
          const verb =
            summary.state === 'not-started'
              ? 'Start'
              : summary.state === 'completed'
                ? 'Review'
                : 'Resume';
          return (
            <li
              key={walkthrough.slug}
              data-testid="walkthrough-card"
              data-slug={walkthrough.slug}
              className="flex flex-col gap-2 rounded-lg border border-line bg-surface p-4"
            >
              <div className="flex items-baseline justify-between gap-2">
                <h2 className="font-medium">
                  <span className="mr-1 text-muted tabular-nums">{index + 1}.</span>
                  {walkthrough.title}
                </h2>
                <span className="shrink-0 text-muted text-xs">{walkthrough.minutes} min</span>
              </div>
              <p className="flex-1 text-muted text-sm">{walkthrough.summary}</p>
              <div
                role="progressbar"
                aria-label={`${walkthrough.title} progress`}
                aria-valuemin={0}
                aria-valuemax={summary.total}
                aria-valuenow={summary.done}
                className="h-1.5 overflow-hidden rounded-full bg-raised"
              >
                <div
                  className={`h-full ${summary.state === 'completed' ? 'bg-healthy' : 'bg-accent'}`}
                  style={{ width: `${percent}%` }}
                />
              </div>
              <div className="flex items-center justify-between gap-2 text-xs">
                <span data-testid="walkthrough-state" className="text-muted">
                  {STATE_TEXT[summary.state]} · {summary.done}/{summary.total} steps
                </span>
                <span className="flex items-center gap-2">
                  {summary.state !== 'not-started' ? (
                    <button
                      type="button"
                      onClick={() =>
                        update((current) => withoutWalkthrough(current, walkthrough.slug))
                      }
                      aria-label={`Reset ${walkthrough.title}`}
                      className="rounded px-2 py-1 text-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-accent"
                    >
                      Reset
                    </button>
                  ) : null}
                  <Link
                    href={stepHref(
                      walkthrough.slug,
                      summary.state === 'completed' ? 0 : summary.resumeStep,
                    )}
                    aria-label={`${verb} ${walkthrough.title}`}
                    className="rounded-md bg-accent px-3 py-1.5 font-medium text-canvas hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
                  >
                    {verb}
                  </Link>
                </span>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

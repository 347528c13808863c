'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ActionList } from './ActionList';
import { CheckList } from './CheckList';
import { MiniGraph } from './MiniGraph';
import { parseStepParam, stepHref, withCompleted, withStep } from './model/progress';
import type { Action, Walkthrough } from './model/types';
import type { ActionResult } from './runner/actions';
import { useChecks } from './runner/use-checks';
import { useProgress } from './runner/use-progress';

/** One walkthrough: the steps beside the compact live graph; the step lives in `?step=N`. */
export function WalkthroughView({ walkthrough }: { walkthrough: Walkthrough }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const total = walkthrough.steps.length;
  const fromUrl = parseStepParam(params.get('step'), total);
  const { progress, loaded, update } = useProgress();
  const index = fromUrl ?? 0;
  const step = walkthrough.steps[index] ?? walkthrough.steps[0];
  const entry = progress[walkthrough.slug];
  const completed = new Set(entry?.completed ?? []);

  // No (valid) ?step: resume where the user left off, once storage was read.
  useEffect(() => {
    if (!loaded || fromUrl !== null) return;
    router.replace(stepHref(walkthrough.slug, entry ? Math.min(entry.step, total - 1) : 0));
  }, [loaded, fromUrl, entry, router, walkthrough.slug, total]);

  // Remember the step shown.
  useEffect(() => {
    if (fromUrl !== null) update((p) => withStep(p, walkthrough.slug, fromUrl));
  }, [fromUrl, update, walkthrough.slug]);

  const [since, setSince] = useState(() => Date.now());
  const [traceId, setTraceId] = useState<string | undefined>(undefined);
  const stepKey = `${walkthrough.slug}/${step?.id}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new step starts a new context
  useEffect(() => {
    setSince(Date.now());
    setTraceId(undefined);
  }, [stepKey]);
  const context = useMemo(() => ({ since, traceId }), [since, traceId]);
  const { states, restart } = useChecks(stepKey, step?.checks ?? [], context);

  const allPassed =
    step !== undefined &&
    step.checks.length > 0 &&
    step.checks.every((c) => states[c.id]?.status === 'passed');
  useEffect(() => {
    if (allPassed && step) update((p) => withCompleted(p, walkthrough.slug, step.id));
  }, [allPassed, step, update, walkthrough.slug]);

  const go = useCallback(
    (target: number) => {
      if (target < 0 || target >= total) return;
      router.push(`${pathname}?step=${target + 1}`);
    },
    [router, pathname, total],
  );

  // Arrow keys move between steps, unless the user is typing somewhere.
  const indexRef = useRef(index);
  indexRef.current = index;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'ArrowRight') go(indexRef.current + 1);
      else if (event.key === 'ArrowLeft') go(indexRef.current - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const headingRef = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: move focus when the step changes
  useEffect(() => {
    if (fromUrl !== null && document.activeElement?.tagName !== 'BUTTON')
      headingRef.current?.focus({ preventScroll: true });
  }, [stepKey]);

  const onAction = useCallback(
    (action: Action, result: ActionResult) => {
      if (action.kind === 'bank' && result.traceId) setTraceId(result.traceId);
      restart();
    },
    [restart],
  );

  if (!step) return null;
  const isLast = index === total - 1;
  const doneCount = walkthrough.steps.filter((s) => completed.has(s.id)).length;

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <div className="flex min-w-0 flex-col gap-4">
        <nav aria-label="Steps">
          <ol className="flex flex-wrap gap-1.5">
            {walkthrough.steps.map((s, i) => {
              const current = i === index;
              const done = completed.has(s.id);
              return (
                <li key={s.id}>
                  <Link
                    href={stepHref(walkthrough.slug, i)}
                    aria-current={current ? 'step' : undefined}
                    data-testid="walkthrough-step-link"
                    data-done={done ? 'true' : undefined}
                    className={`flex items-center gap-1.5 rounded-full border px-3 py-1 text-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent ${
                      current
                        ? 'border-accent bg-accent/10 font-medium text-fg'
                        : 'border-line text-muted hover:text-fg'
                    }`}
                  >
                    <span
                      aria-hidden="true"
                      className={`size-2 rounded-full ${done ? 'bg-healthy' : current ? 'bg-accent' : 'bg-line'}`}
                    />
                    {i + 1}. {s.title}
                    {done ? <span className="sr-only"> (done)</span> : null}
                  </Link>
                </li>
              );
            })}
          </ol>
        </nav>

        <article
          data-testid="walkthrough-step"
          data-step={step.id}
          className="flex flex-col gap-4 rounded-lg border border-line bg-surface p-4"
        >
          <header className="flex flex-col gap-1">
            <p className="text-muted text-xs">
              Step {index + 1} of {total} · {doneCount} done
            </p>
            <h2 ref={headingRef} tabIndex={-1} className="font-semibold text-lg outline-none">
              {step.title}
            </h2>
          </header>
          <div className="flex max-w-prose flex-col gap-2 text-sm leading-relaxed">
            {step.body.map((paragraph) => (
              <p key={paragraph}>{paragraph}</p>
            ))}
          </div>
          <p className="rounded-md border-accent border-l-4 bg-raised px-3 py-2 text-sm">
            <span className="font-medium">Watch: </span>
            {step.watch}
          </p>
          <ActionList
            key={stepKey}
            walkthrough={walkthrough}
            actions={step.actions}
            onDone={onAction}
          />
          <CheckList checks={step.checks} states={states} onRetry={restart} />
          {allPassed ? (
            <p data-testid="walkthrough-step-done" role="status" className="text-healthy text-sm">
              Every check passed{isLast ? ': walkthrough complete.' : '.'}
            </p>
          ) : null}
          {step.links && step.links.length > 0 ? (
            <p className="flex flex-wrap gap-3 text-sm">
              <span className="text-muted">See also:</span>
              {step.links.map((link) => (
                <Link key={link.href} href={link.href} className="text-accent hover:underline">
                  {link.label}
                </Link>
              ))}
            </p>
          ) : null}
          <footer className="flex items-center justify-between gap-2 border-line border-t pt-3">
            <button
              type="button"
              onClick={() => go(index - 1)}
              disabled={index === 0}
              className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-raised focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:opacity-40"
            >
              ← Previous
            </button>
            <span className="hidden text-muted text-xs sm:inline">← → keys move between steps</span>
            {isLast ? (
              <Link
                href="/walkthroughs"
                className="rounded-md bg-accent px-3 py-1.5 font-medium text-canvas text-sm hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
              >
                Finish
              </Link>
            ) : (
              <button
                type="button"
                onClick={() => go(index + 1)}
                className="rounded-md bg-accent px-3 py-1.5 font-medium text-canvas text-sm hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
              >
                Next →
              </button>
            )}
          </footer>
        </article>
      </div>
      <aside className="flex min-w-0 flex-col gap-3 lg:sticky lg:top-4 lg:self-start">
        <MiniGraph highlight={step.highlight} />
      </aside>
    </div>
  );
}

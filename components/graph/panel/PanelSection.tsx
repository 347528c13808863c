import type { ReactNode } from 'react';

/** One titled block of the side panel. */
export function PanelSection({
  title,
  action,
  children,
  testId,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section data-testid={testId} className="flex flex-col gap-2 border-line border-t px-4 py-3">
      <header className="flex items-baseline justify-between gap-2">
        <h3 className="font-semibold text-muted text-xs uppercase tracking-wide">{title}</h3>
        {action}
      </header>
      {children}
    </section>
  );
}

/** A section's loading, empty or error line: small, so the panel stays compact. */
export function SectionState({
  tone,
  children,
}: {
  tone: 'loading' | 'empty' | 'error';
  children: ReactNode;
}) {
  if (tone === 'error') {
    return (
      <p
        role="alert"
        className="rounded border border-critical/50 px-2 py-1.5 text-critical text-xs"
      >
        {children}
      </p>
    );
  }
  return (
    <p
      role="status"
      data-state={tone}
      className="flex items-center gap-2 rounded border border-line border-dashed px-2 py-1.5 text-muted text-xs"
    >
      {tone === 'loading' && (
        <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-accent" />
      )}
      {children}
    </p>
  );
}

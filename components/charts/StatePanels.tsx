import type { ReactNode } from 'react';

/** The loading, empty and error states every pattern panel shares. */
export function LoadingState({ label }: { label: string }) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="flex items-center gap-2 rounded-lg border border-line bg-surface p-6 text-muted text-sm"
    >
      <span aria-hidden="true" className="size-3 animate-pulse rounded-full bg-accent" />
      {label}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div
      data-testid="empty-state"
      className="rounded-lg border border-line border-dashed bg-surface p-6 text-sm"
    >
      <p className="font-medium text-fg">{title}</p>
      {children ? <div className="mt-2 max-w-prose text-muted">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ title, message }: { title: string; message: string }) {
  return (
    <div role="alert" className="rounded-lg border border-critical/50 bg-surface p-6 text-sm">
      <p className="font-medium text-critical">{title}</p>
      <p className="mt-1 text-muted">{message}</p>
    </div>
  );
}

/** Inline code for metric and attribute names in empty states. */
export function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-raised px-1 py-0.5 font-mono text-fg text-xs">{children}</code>
  );
}

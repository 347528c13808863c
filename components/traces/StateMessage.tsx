import type { ReactNode } from 'react';

/** A panel's loading, empty or error state: a title and what to do about it. */
export function StateMessage({
  tone,
  title,
  children,
  testId,
}: {
  tone: 'neutral' | 'error' | 'loading';
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      role={tone === 'error' ? 'alert' : 'status'}
      className="flex h-full min-h-48 flex-col items-center justify-center gap-1 p-8 text-center"
    >
      {tone === 'loading' && (
        <span
          aria-hidden="true"
          className="mb-2 size-5 animate-spin rounded-full border-2 border-line border-t-accent"
        />
      )}
      <p className={`font-semibold ${tone === 'error' ? 'text-critical' : 'text-fg'}`}>{title}</p>
      {children && (
        <div className="flex max-w-md flex-col items-center gap-2 text-muted text-sm">
          {children}
        </div>
      )}
    </div>
  );
}

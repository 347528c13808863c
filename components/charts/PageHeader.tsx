import type { ReactNode } from 'react';

/** Title and one-line explanation at the top of a pattern page. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div>
      <h1 className="font-semibold text-xl tracking-tight">{title}</h1>
      {children ? <p className="max-w-3xl text-muted text-sm">{children}</p> : null}
    </div>
  );
}

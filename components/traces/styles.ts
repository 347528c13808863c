/** Tailwind class strings shared by the traces views' form controls and buttons. */
export const fieldClass =
  'w-full rounded-md border border-line bg-canvas px-2.5 py-1.5 text-fg text-sm placeholder:text-muted/70 focus-visible:outline-2 focus-visible:outline-accent focus-visible:outline-offset-0';

export const labelClass = 'mb-1 block font-medium text-muted text-xs';

export const buttonClass =
  'inline-flex items-center justify-center gap-1.5 rounded-md border border-line bg-raised px-3 py-1.5 font-medium text-fg text-sm hover:border-accent focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-50';

export const primaryButtonClass =
  'inline-flex items-center justify-center gap-1.5 rounded-md bg-accent px-3 py-1.5 font-semibold text-canvas text-sm hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent';

export const chipClass =
  'inline-flex items-center gap-1 rounded border border-line bg-raised px-1.5 py-px text-[11px] text-fg';

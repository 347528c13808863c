/**
 * Top-level sections. Only pages that exist are listed; later issues add, in this order:
 * Traces (/traces), Sagas (/sagas), CQRS (/cqrs), Resilience (/resilience), Faults (/faults)
 * and Walkthroughs (/walkthroughs).
 */
export interface NavItem {
  href: string;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview' },
  { href: '/traces', label: 'Traces' },
  { href: '/sagas', label: 'Sagas' },
  { href: '/cqrs', label: 'CQRS' },
  { href: '/resilience', label: 'Resilience' },
  { href: '/faults', label: 'Faults' },
  { href: '/walkthroughs', label: 'Walkthroughs' },
];

/** Whether `pathname` is inside the section `href` ("/" matches only itself). */
export function isActive(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

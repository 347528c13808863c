import Link from 'next/link';
import { ConnectionIndicator } from '../live/ConnectionIndicator';
import { ThemeToggle } from '../theme/ThemeToggle';
import { NavLinks } from './NavLinks';

export function AppHeader() {
  return (
    <header className="border-line border-b bg-surface">
      <div className="flex h-14 items-center gap-6 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold text-fg tracking-tight">
          <LogoMark />
          Patternscope
        </Link>
        <NavLinks />
        <div className="ml-auto flex items-center gap-3">
          <ConnectionIndicator />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}

function LogoMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="size-6">
      <rect width="32" height="32" rx="7" className="fill-raised" />
      <path
        d="M9 10.5 16 16l7-5.5M16 16v7"
        className="stroke-accent"
        strokeWidth="2.2"
        fill="none"
      />
      <circle cx="9" cy="10.5" r="2.8" className="fill-accent" />
      <circle cx="23" cy="10.5" r="2.8" className="fill-healthy" />
      <circle cx="16" cy="23" r="2.8" className="fill-warn" />
    </svg>
  );
}

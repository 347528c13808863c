import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '../components/layout/AppHeader';
import { LiveStreamProvider } from '../components/live/LiveStreamProvider';
import { DEFAULT_THEME, THEME_BOOT_SCRIPT } from '../components/theme/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Patternscope', template: '%s · Patternscope' },
  description: 'A live lab for distributed-systems patterns.',
};

export const viewport: Viewport = {
  themeColor: '#0f172a',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script may switch the theme before hydration, hence the warning suppression.
    <html lang="en" data-theme={DEFAULT_THEME} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant, first-party script */}
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="flex min-h-full flex-col antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <LiveStreamProvider>
          <AppHeader />
          <main id="main" className="flex min-h-0 flex-1 flex-col">
            {children}
          </main>
        </LiveStreamProvider>
      </body>
    </html>
  );
}

'use client';

import { useSyncExternalStore } from 'react';

/**
 * The colour theme lives on <html data-theme>, set before first paint by the inline script in
 * the root layout (from localStorage) and changed by ThemeToggle. Components read it here.
 */
export type Theme = 'dark' | 'light';

export const THEME_STORAGE_KEY = 'patternscope-theme';
export const DEFAULT_THEME: Theme = 'dark';

/** Runs before React hydrates, so a stored light theme never flashes dark. Keep it tiny. */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

function readTheme(): Theme {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, readTheme, () => DEFAULT_THEME);
}

export function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage can be disabled; the choice then lasts for this page only.
  }
}

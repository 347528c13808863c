'use client';

import { useCallback, useEffect, useState } from 'react';
import {
  PROGRESS_KEY,
  type ProgressRecord,
  parseProgress,
  serializeProgress,
} from '../model/progress';

function read(): ProgressRecord {
  try {
    return parseProgress(window.localStorage.getItem(PROGRESS_KEY));
  } catch {
    return {};
  }
}

/** Walkthrough progress in localStorage; `loaded` is false until read on the client. */
export function useProgress() {
  const [progress, setProgress] = useState<ProgressRecord>({});
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    setProgress(read());
    setLoaded(true);
    const onStorage = (event: StorageEvent) => {
      if (event.key === PROGRESS_KEY) setProgress(read());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const update = useCallback((change: (current: ProgressRecord) => ProgressRecord) => {
    const next = change(read());
    try {
      window.localStorage.setItem(PROGRESS_KEY, serializeProgress(next));
    } catch {
      // Storage full or disabled: progress then lives only as long as the page.
    }
    setProgress(next);
  }, []);

  return { progress, loaded, update };
}

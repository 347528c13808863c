'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * `value`, changing at most once per `intervalMs`: the latest value is delivered at the end of
 * the interval, so a burst of live updates triggers one refetch, never none.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [throttled, setThrottled] = useState(value);
  const lastEmitRef = useRef(0);
  useEffect(() => {
    if (Object.is(value, throttled)) return;
    const wait = Math.max(0, lastEmitRef.current + intervalMs - Date.now());
    const timer = setTimeout(() => {
      lastEmitRef.current = Date.now();
      setThrottled(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, throttled, intervalMs]);
  return throttled;
}
